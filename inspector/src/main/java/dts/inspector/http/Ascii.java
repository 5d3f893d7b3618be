package dts.inspector.http;

/** Byte classes of RFC 9110/9112 and RFC 3986, as lookup tables indexed by the unsigned byte. */
final class Ascii {
    private static final boolean[] TCHAR = table("!#$%&'*+-.^_`|~");
    private static final boolean[] TARGET = targetTable();
    private static final boolean[] UNRESERVED = table("-._~");
    private static final boolean[] REG_NAME = table("-._~%!$&'()*+,;=");

    private Ascii() {
    }

    /** token character (method, header name). */
    static boolean tchar(byte b) {
        return TCHAR[b & 0xFF];
    }

    /** Allowed in a request-target: visible ASCII except '#'; percent-encoding is checked apart. */
    static boolean targetChar(byte b) {
        return TARGET[b & 0xFF];
    }

    static boolean unreserved(int c) {
        return c < 128 && UNRESERVED[c];
    }

    static boolean regNameChar(int c) {
        return c < 128 && REG_NAME[c];
    }

    /** Allowed in a field value: VCHAR, obs-text, SP, HTAB; not other controls or DEL. */
    static boolean fieldValueChar(byte b) {
        int c = b & 0xFF;
        return c >= 0x20 ? c != 0x7F : c == '\t';
    }

    static boolean whitespace(byte b) {
        return b == ' ' || b == '\t';
    }

    static int hexValue(int c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        int lower = c | 0x20;
        return lower >= 'a' && lower <= 'f' ? lower - 'a' + 10 : -1;
    }

    static boolean alpha(int c) {
        return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
    }

    static boolean digit(int c) {
        return c >= '0' && c <= '9';
    }

    /** ALPHA, DIGIT and the given extra characters. */
    private static boolean[] table(String extra) {
        boolean[] t = new boolean[256];
        for (int c = 0; c < 128; c++) {
            t[c] = digit(c) || alpha(c);
        }
        for (char c : extra.toCharArray()) {
            t[c] = true;
        }
        return t;
    }

    private static boolean[] targetTable() {
        boolean[] t = new boolean[256];
        for (int c = 0x21; c < 0x7F; c++) {
            t[c] = c != '#';
        }
        return t;
    }
}
