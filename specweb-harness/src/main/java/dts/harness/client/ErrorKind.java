package dts.harness.client;

/** Why a request failed. Failed requests are not counted as pages or downloads. */
public enum ErrorKind {
    /** TCP connect failed or timed out. */
    CONNECT,
    /** Connection closed or reset before any response byte (after the one browser-style retry). */
    RESET,
    /** Connection closed or reset in the middle of a response. */
    SHORT_BODY,
    /** Status other than 200. */
    STATUS,
    /** Content-Length or received body length differs from the manifest's size. */
    LENGTH,
    /** Response that the HTTP decoder rejected. */
    PROTOCOL,
    /** No response bytes for {@code idleTimeoutMillis} while a request was outstanding. */
    TIMEOUT;

    public String jsonName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
