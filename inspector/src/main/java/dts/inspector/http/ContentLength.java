package dts.inspector.http;

/** Content-Length: {@code 1*DIGIT}, or a list of one repeated value ("42, 42", RFC 9110 section 8.6). */
final class ContentLength {
    private static final int MAX_DIGITS = 18;

    private ContentLength() {
    }

    /** The length, or -1 when the value is invalid or lists differing numbers. */
    static long parse(String value) {
        long length = -1;
        int start = 0;
        while (start <= value.length()) {
            int comma = value.indexOf(',', start);
            int end = comma < 0 ? value.length() : comma;
            long l = number(value.substring(start, end).strip());
            if (l < 0 || (length >= 0 && l != length)) {
                return -1;
            }
            length = l;
            start = end + 1;
        }
        return length;
    }

    private static long number(String digits) {
        if (digits.isEmpty() || digits.length() > MAX_DIGITS) {
            return -1;
        }
        long n = 0;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (!Ascii.digit(c)) {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }
}
