package dts.inspector.http;

/**
 * Follows a chunked body (RFC 9112 section 7.1) as its bytes go by, to find where the message ends:
 * chunk-size lines (extensions skipped), payloads, the last chunk and the trailer section. One per
 * message, not thread-safe, never throws on input: a malformed body puts it in {@link #failed()}.
 * Payload bytes need not be looked at: {@link #payloadRemaining()} says how many follow, and
 * {@link #skipPayload} moves past them (they may be spliced without passing through user space).
 */
public final class ChunkedBody {
    private static final int MAX_SIZE_DIGITS = 15;
    private static final int MAX_LINE_BYTES = 8192;

    private enum State { SIZE, EXTENSION, SIZE_LF, DATA, DATA_CR, DATA_LF, TRAILER_LINE_START, TRAILER_LINE, TRAILER_LF, LAST_LF, DONE, FAILED }

    private State state = State.SIZE;
    private long size;
    private int digits;
    private int lineBytes;
    private long remaining;

    /**
     * Reads framing bytes and at most the payload that lies within {@code buf}; returns how many of the
     * {@code len} bytes belong to this message (fewer than {@code len} only once it is {@link #done()}
     * or {@link #failed()}).
     */
    public int advance(byte[] buf, int off, int len) {
        int i = 0;
        while (i < len && state != State.DONE && state != State.FAILED) {
            if (state == State.DATA) {
                long n = Math.min(remaining, len - i);
                skipPayload(n);
                i += (int) n;
                continue;
            }
            step(buf[off + i]);
            i++;
        }
        return i;
    }

    /** Payload bytes that follow now, before the next framing byte. */
    public long payloadRemaining() {
        return state == State.DATA ? remaining : 0;
    }

    /** {@code n} payload bytes (at most {@link #payloadRemaining()}) went by. */
    public void skipPayload(long n) {
        if (n < 0 || n > payloadRemaining()) {
            throw new InspectorException("skipPayload: " + n + " (expected: 0.." + payloadRemaining() + ")");
        }
        remaining -= n;
        if (remaining == 0) {
            state = State.DATA_CR;
        }
    }

    /** The last chunk and the trailer section went by: the message is complete. */
    public boolean done() {
        return state == State.DONE;
    }

    public boolean failed() {
        return state == State.FAILED;
    }

    private void step(byte b) {
        switch (state) {
            case SIZE -> {
                int h = Ascii.hexValue(b);
                if (h >= 0 && digits < MAX_SIZE_DIGITS) {
                    size = size * 16 + h;
                    digits++;
                } else if (digits > 0 && (b == ';' || b == ' ' || b == '\t')) {
                    state = State.EXTENSION;
                    lineBytes = 0;
                } else if (digits > 0 && b == '\r') {
                    state = State.SIZE_LF;
                } else if (digits > 0 && b == '\n') {
                    endOfSizeLine();
                } else {
                    state = State.FAILED;
                }
            }
            case EXTENSION -> {
                if (b == '\n') {
                    endOfSizeLine();
                } else if (++lineBytes > MAX_LINE_BYTES) {
                    state = State.FAILED;
                }
            }
            case SIZE_LF -> {
                if (b == '\n') {
                    endOfSizeLine();
                } else {
                    state = State.FAILED;
                }
            }
            case DATA_CR -> state = b == '\r' ? State.DATA_LF : b == '\n' ? nextChunk() : State.FAILED;
            case DATA_LF -> state = b == '\n' ? nextChunk() : State.FAILED;
            case TRAILER_LINE_START -> {
                if (b == '\r') {
                    state = State.LAST_LF;
                } else if (b == '\n') {
                    state = State.DONE;
                } else {
                    state = State.TRAILER_LINE;
                    lineBytes = 1;
                }
            }
            case TRAILER_LINE -> {
                if (b == '\n') {
                    state = State.TRAILER_LINE_START;
                } else if (++lineBytes > MAX_LINE_BYTES) {
                    state = State.FAILED;
                }
            }
            case LAST_LF -> state = b == '\n' ? State.DONE : State.FAILED;
            default -> state = State.FAILED;
        }
    }

    private State nextChunk() {
        size = 0;
        digits = 0;
        return State.SIZE;
    }

    private void endOfSizeLine() {
        if (size == 0) {
            state = State.TRAILER_LINE_START;
        } else {
            remaining = size;
            state = State.DATA;
        }
    }
}
