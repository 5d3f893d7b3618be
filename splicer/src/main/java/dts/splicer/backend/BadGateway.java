package dts.splicer.backend;

import java.nio.charset.StandardCharsets;

/** The answer sent to the client when the local backend cannot be reached. */
final class BadGateway {
    static final byte[] RESPONSE = ("HTTP/1.1 502 Bad Gateway\r\n"
            + "Content-Type: text/plain\r\n"
            + "Content-Length: 16\r\n"
            + "Connection: close\r\n"
            + "\r\n"
            + "502 Bad Gateway\n").getBytes(StandardCharsets.US_ASCII);

    /** How long a closing connection waits for the client's EOF while discarding its bytes. */
    static final long LINGER_MILLIS = 2000;
    static final long MAX_DISCARD_BYTES = 1 << 20;

    private BadGateway() {}
}
