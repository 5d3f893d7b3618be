package dts.inspector.http;

/** Walking the lines of an HTTP/1.x head in place, shared by the request and response parsers. */
final class HeadLines {
    private HeadLines() {
    }

    /** Index of the first {@code c} in {@code [from, to)}, or -1. */
    static int indexOf(byte[] buf, int from, int to, byte c) {
        for (int i = from; i < to; i++) {
            if (buf[i] == c) {
                return i;
            }
        }
        return -1;
    }

    /** End of a line's content: before the CR of a CR LF, or before a CR that may be the start of one. */
    static int contentEnd(byte[] buf, int start, int end) {
        return end > start && buf[end - 1] == '\r' ? end - 1 : end;
    }
}
