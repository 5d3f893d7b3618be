package dts.inspector.http;

/** Comma-separated lists of tokens in field values ({@code #token}, empty elements allowed). */
final class Tokens {
    private Tokens() {
    }

    /** True when the list holds the token, compared case-insensitively, parameters after ';' ignored. */
    static boolean contains(String list, String token) {
        int start = 0;
        while (start <= list.length()) {
            int comma = list.indexOf(',', start);
            int end = comma < 0 ? list.length() : comma;
            if (element(list, start, end).equalsIgnoreCase(token)) {
                return true;
            }
            start = end + 1;
        }
        return false;
    }

    /** Element [start, end) of a list without parameters and surrounding whitespace. */
    static String element(String list, int start, int end) {
        int semicolon = list.indexOf(';', start);
        if (semicolon >= 0 && semicolon < end) {
            end = semicolon;
        }
        while (start < end && whitespace(list.charAt(start))) {
            start++;
        }
        while (end > start && whitespace(list.charAt(end - 1))) {
            end--;
        }
        return list.substring(start, end);
    }

    private static boolean whitespace(char c) {
        return c == ' ' || c == '\t';
    }
}
