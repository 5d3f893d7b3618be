package dts.inspector.http;

/**
 * Parser of an HTTP/1.x response head from a local web server, for relaying its body by its framing
 * (RFC 9112 section 6.3). Stateless and thread-safe; call {@link #parse} again with every byte
 * received so far. Never throws on any byte sequence.
 */
public interface ResponseParser {

    /** A parser that answers {@link Outcome#TOO_LARGE} when no head ends within {@code maxHeadBytes}. */
    static ResponseParser create(int maxHeadBytes) {
        return new Http1ResponseParser(maxHeadBytes);
    }

    /**
     * Parses {@code len} bytes of {@code buf} from {@code off}; {@code requestMethod} is the method of
     * the request this response answers (HEAD responses have no body).
     */
    Result parse(byte[] buf, int off, int len, String requestMethod);

    enum Outcome { COMPLETE, INCOMPLETE, TOO_LARGE, MALFORMED }

    /** How the body after the head is delimited. */
    enum Body {
        /** No body: HEAD, 1xx, 204, 304. */
        NONE,
        /** Exactly {@link Result#contentLength()} bytes. */
        LENGTH,
        /** Chunked transfer coding: see {@link ChunkedBody}. */
        CHUNKED,
        /** Until the server closes the connection. */
        UNTIL_CLOSE
    }

    /**
     * One parse. For COMPLETE: the head's length in bytes, the status, the body's framing, and whether
     * the server keeps the connection open after this response ({@code reusable}).
     */
    record Result(Outcome outcome, int headLength, int status, Body body, long contentLength, boolean reusable,
                  String error) {
        static final Result INCOMPLETE = new Result(Outcome.INCOMPLETE, 0, 0, Body.NONE, -1, false, null);

        static Result failed(Outcome o, String error) {
            return new Result(o, 0, 0, Body.NONE, -1, false, error);
        }

        /** A 1xx response other than 101: another head follows for the same request. */
        public boolean interim() {
            return outcome == Outcome.COMPLETE && status >= 100 && status < 200 && status != 101;
        }

        /** 101 Switching Protocols: the connection is a tunnel from here on. */
        public boolean switchesProtocols() {
            return outcome == Outcome.COMPLETE && status == 101;
        }
    }
}
