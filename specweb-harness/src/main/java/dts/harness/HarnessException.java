package dts.harness;

/** The one exception type of the harness: bad configuration, I/O on the file set, cgroups, reports. */
public final class HarnessException extends RuntimeException {
    public HarnessException(String message) {
        super(message);
    }

    public HarnessException(String message, Throwable cause) {
        super(message, cause);
    }
}
