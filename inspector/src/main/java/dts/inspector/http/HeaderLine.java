package dts.inspector.http;

/**
 * Lexer of one field line {@code field-name ":" OWS field-value OWS}, strictly left to right like
 * {@link RequestLine}. Bounds exclude the line end; the line is not empty.
 */
final class HeaderLine {
    private HeaderLine() {
    }

    /** Result of a partial line that is valid so far. */
    static final int VALID_SO_FAR = -1;

    /**
     * Lexes bytes [start, end); when {@code complete} is false the line may go on. Returns the index of
     * the colon of a valid complete line, {@link #VALID_SO_FAR}, or an error code below -1 that
     * {@link #error} turns into a message.
     */
    static int lex(byte[] b, int start, int end, boolean complete) {
        int i = start;
        if (i < end && Ascii.whitespace(b[i])) {
            return -2 - OBS_FOLD;
        }
        while (i < end && Ascii.tchar(b[i])) {
            i++;
        }
        if (i == end) {
            return complete ? -2 - NO_COLON : VALID_SO_FAR;
        }
        if (b[i] != ':') {
            return -2 - (Ascii.whitespace(b[i]) ? SPACE_BEFORE_COLON : BAD_NAME);
        }
        if (i == start) {
            return -2 - EMPTY_NAME;
        }
        int colon = i++;
        while (i < end) {
            if (!Ascii.fieldValueChar(b[i++])) {
                return -2 - CONTROL_CHAR;
            }
        }
        return complete ? colon : VALID_SO_FAR;
    }

    /** The message of an error code. */
    static String error(int result) {
        return ERRORS[-2 - result];
    }

    private static final int OBS_FOLD = 0;
    private static final int NO_COLON = 1;
    private static final int SPACE_BEFORE_COLON = 2;
    private static final int BAD_NAME = 3;
    private static final int EMPTY_NAME = 4;
    private static final int CONTROL_CHAR = 5;
    private static final String[] ERRORS = {
        "header: line starts with whitespace (obs-fold)",
        "header: missing colon",
        "header: whitespace before colon",
        "header: invalid name character",
        "header: empty name",
        "header: control character in value",
    };
}
