package dts.node.health;

import java.nio.charset.StandardCharsets;

/** Judges the first line of a check's response: 2xx, 3xx and 4xx pass; 5xx and anything else fail. */
final class StatusLine {
    private StatusLine() {}

    /** Null when the line passes, else why it does not ({@code line} without its CR LF). */
    static String judge(byte[] line) {
        String s = new String(line, StandardCharsets.ISO_8859_1);
        if (s.endsWith("\r")) s = s.substring(0, s.length() - 1);
        if (!s.matches("HTTP/1\\.[01] [0-9]{3}( .*)?")) return "not an HTTP status line: " + printable(s);
        int code = Integer.parseInt(s.substring(9, 12));
        if (code >= 200 && code < 500) return null;
        return "status " + code;
    }

    /** At most 40 characters, control characters as '?'. */
    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Math.min(40, s.length()); i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c > 0x7e ? '?' : c);
        }
        return '"' + b.toString() + (s.length() > 40 ? "...\"" : "\"");
    }
}
