package dts.inspector.http;

/**
 * Parser of an HTTP/1.0 or HTTP/1.1 request head from the bytes received so far. Stateless and
 * thread-safe: call {@link #parse} again with all bytes received after each read. Never throws on any
 * byte sequence; a problem is found at the first byte that makes the head invalid, so feeding the bytes
 * in pieces gives the same outcome as feeding them at once.
 */
public interface HeadParser {

    /** A parser that answers {@link Outcome#TOO_LARGE} when no head ends within {@code maxHeadBytes}. */
    static HeadParser create(int maxHeadBytes) {
        return new Http1HeadParser(maxHeadBytes);
    }

    /** Parses {@code len} bytes of {@code buf} from {@code off}. */
    Result parse(byte[] buf, int off, int len);

    int maxHeadBytes();

    enum Outcome {
        /** A valid head: {@link Result#head()}. Bytes after it (body, pipelined requests) are not read. */
        COMPLETE,
        /** Valid so far: more bytes may complete the head. */
        INCOMPLETE,
        /** No end of head within the limit: answer 431. */
        TOO_LARGE,
        /** Not a valid HTTP/1.x head: answer 400. */
        MALFORMED,
        /** A well-formed request line of another HTTP version (HTTP/2.0, HTTP/1.2): answer 505. */
        UNSUPPORTED_VERSION
    }

    /** Outcome of one parse. Immutable. */
    final class Result {
        static final Result INCOMPLETE = new Result(Outcome.INCOMPLETE, null, null);

        private final Outcome outcome;
        private final RequestHead head;
        private final String error;

        private Result(Outcome outcome, RequestHead head, String error) {
            this.outcome = outcome;
            this.head = head;
            this.error = error;
        }

        static Result complete(RequestHead head) {
            return new Result(Outcome.COMPLETE, head, null);
        }

        static Result failed(Outcome outcome, String error) {
            return new Result(outcome, null, error);
        }

        public Outcome outcome() {
            return outcome;
        }

        /** The head when {@link Outcome#COMPLETE}, else null. */
        public RequestHead head() {
            return head;
        }

        /** A short reason for TOO_LARGE, MALFORMED and UNSUPPORTED_VERSION, else null. */
        public String error() {
            return error;
        }

        @Override
        public String toString() {
            return outcome + (head != null ? ": " + head : error != null ? ": " + error : "");
        }
    }
}
