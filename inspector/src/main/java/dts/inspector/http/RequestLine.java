package dts.inspector.http;

/**
 * Lexer of the request line {@code method SP request-target SP HTTP-version}, strictly left to right:
 * the first bad byte decides the error, so a line fed in pieces fails where the whole line fails.
 * Bounds exclude the line end (CR LF or LF).
 */
final class RequestLine {
    private static final byte[] HTTP_SLASH = {'H', 'T', 'T', 'P', '/'};
    static final int VERSION_LENGTH = 8;

    private RequestLine() {
    }

    /**
     * Lexes bytes [start, end). When {@code complete} is false the line may go on past {@code end}, and
     * running out of bytes is no error. Returns null when the bytes are valid (so far), else the error.
     * On success of a complete line, {@code marks} holds the end of the method and of the target.
     */
    static String lex(byte[] b, int start, int end, boolean complete, int[] marks) {
        int i = start;
        while (i < end && Ascii.tchar(b[i])) {
            i++;
        }
        if (i == end) {
            return complete ? "request line: missing request target" : null;
        }
        if (b[i] != ' ') {
            return "request line: invalid method character";
        }
        if (i == start) {
            return "request line: missing method";
        }
        marks[0] = i++;
        int targetStart = i;
        while (i < end && Ascii.targetChar(b[i])) {
            if (b[i] == '%') {
                for (int k = 1; k <= 2; k++) {
                    if (i + k >= end) {
                        return complete ? "request target: invalid percent-encoding" : null;
                    }
                    if (Ascii.hexValue(b[i + k]) < 0) {
                        return "request target: invalid percent-encoding";
                    }
                }
                i += 2;
            }
            i++;
        }
        if (i == end) {
            if (!complete) {
                return null;
            }
            return i == targetStart ? "request line: missing request target" : "request line: missing HTTP version";
        }
        if (b[i] != ' ') {
            return "request target: invalid character";
        }
        if (i == targetStart) {
            return "request line: missing request target";
        }
        marks[1] = i++;
        return lexVersion(b, i, end, complete);
    }

    /** HTTP-version = "HTTP/" DIGIT "." DIGIT, and nothing after it. */
    private static String lexVersion(byte[] b, int start, int end, boolean complete) {
        if (start == end && complete) {
            return "request line: missing HTTP version";
        }
        for (int k = 0; k < VERSION_LENGTH; k++) {
            if (start + k >= end) {
                return complete ? "request line: invalid HTTP version" : null;
            }
            byte c = b[start + k];
            boolean ok = k < HTTP_SLASH.length ? c == HTTP_SLASH[k] : k == 6 ? c == '.' : Ascii.digit(c);
            if (!ok) {
                return "request line: invalid HTTP version";
            }
        }
        return start + VERSION_LENGTH == end ? null : "request line: invalid HTTP version";
    }
}
