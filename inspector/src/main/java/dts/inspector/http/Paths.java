package dts.inspector.http;

import java.nio.charset.StandardCharsets;

/**
 * Normal form of a path (RFC 3986 section 6.2.2): percent-encoded unreserved characters decoded,
 * other percent-encodings kept with upper-case hex, then dot-segments removed (section 5.2.4). So
 * {@code /a/%2e%2E/b} is {@code /b}: rules on paths cannot be dodged by encoding or dot-segments.
 * The percent-encoding was checked by the lexer; a '%' is always followed by two hex digits.
 */
final class Paths {
    private Paths() {
    }

    /** Normal form of the path in bytes [from, to), which start with '/'. */
    static String normalize(byte[] b, int from, int to) {
        if (plain(b, from, to)) {
            return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
        }
        return removeDotSegments(decodeUnreserved(b, from, to));
    }

    /** True when there is nothing to normalize: no '%' and no segment starting with '.'. */
    private static boolean plain(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == '%' || (b[i] == '.' && i > from && b[i - 1] == '/')) {
                return false;
            }
        }
        return true;
    }

    private static String decodeUnreserved(byte[] b, int from, int to) {
        StringBuilder out = new StringBuilder(to - from);
        for (int i = from; i < to; i++) {
            char c = (char) (b[i] & 0xFF);
            if (c != '%') {
                out.append(c);
                continue;
            }
            int decoded = Ascii.hexValue(b[i + 1]) << 4 | Ascii.hexValue(b[i + 2]);
            if (Ascii.unreserved(decoded)) {
                out.append((char) decoded);
            } else {
                out.append('%').append(upperHex(b[i + 1])).append(upperHex(b[i + 2]));
            }
            i += 2;
        }
        return out.toString();
    }

    private static char upperHex(byte b) {
        return (char) (b >= 'a' && b <= 'f' ? b - 32 : b);
    }

    /** RFC 3986 remove_dot_segments for a path that starts with '/'. */
    static String removeDotSegments(String path) {
        StringBuilder out = new StringBuilder(path.length());
        int i = 0;
        int n = path.length();
        while (i < n) {
            int next = path.indexOf('/', i + 1);
            int end = next < 0 ? n : next;
            int segmentLength = end - i - 1;
            boolean dot = segmentLength == 1 && path.charAt(i + 1) == '.';
            boolean dotDot = segmentLength == 2 && path.charAt(i + 1) == '.' && path.charAt(i + 2) == '.';
            if (dotDot) {
                out.setLength(Math.max(0, out.lastIndexOf("/")));
            }
            if (dot || dotDot) {
                if (end == n) {
                    out.append('/');
                }
            } else {
                out.append(path, i, end);
            }
            i = end;
        }
        return out.isEmpty() ? "/" : out.toString();
    }
}
