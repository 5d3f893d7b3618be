package dts.inspector.http;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * What continuing a response from another node's local web server needs, as pure functions over head
 * bytes: a response's validator, the request that asks for the rest ({@code Range: bytes=N-} with
 * {@code If-Range}), and whether an answer is exactly that rest (206 with the matching
 * {@code Content-Range}). Heads given here were accepted by the parsers already; nothing throws.
 */
public final class RangeResume {
    private static final Pattern CRLF = Pattern.compile("\r\n");
    private RangeResume() {}

    /** The first value of header {@code name} (case-insensitive) in {@code len} bytes of a head, or null. */
    public static String field(byte[] head, int len, String name) {
        int n = Math.max(0, Math.min(len, head.length));
        for (int i = 0; i + 3 < n; i++) { // the head ends at its blank line
            if (head[i] == '\r' && head[i + 1] == '\n' && head[i + 2] == '\r' && head[i + 3] == '\n') {
                n = i;
                break;
            }
        }
        int start = lineAfter(head, 0, n); // the status line is no field
        while (start >= 0) {
            int next = lineAfter(head, start, n);
            int stop = next < 0 ? n : next - 2;
            int colon = HeadLines.indexOf(head, start, stop, (byte) ':');
            if (colon > start && trimmedIs(head, start, colon, name)) {
                return Target.latin1(head, colon + 1, stop).trim();
            }
            start = next;
        }
        return null;
    }

    /** Where the line after the one at {@code from} starts (lines end at CRLF), or -1 when none does before {@code n}. */
    private static int lineAfter(byte[] b, int from, int n) {
        for (int i = from; i + 1 < n; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n') return i + 2;
        }
        return -1;
    }

    /** Whether bytes [from, to), without the controls and spaces around them, are {@code name} ignoring case. */
    private static boolean trimmedIs(byte[] b, int from, int to, String name) {
        while (from < to && (b[from] & 0xFF) <= ' ') from++;
        while (to > from && (b[to - 1] & 0xFF) <= ' ') to--;
        return to - from == name.length() && Target.latin1(b, from, to).equalsIgnoreCase(name);
    }

    /**
     * The validator a resumed request may put in {@code If-Range}: a strong ETag, else Last-Modified;
     * null when the response has neither (then no safe resume exists).
     */
    public static String validator(byte[] head, int len) {
        String etag = field(head, len, "etag");
        if (etag != null && etag.startsWith("\"")) return etag;
        return field(head, len, "last-modified");
    }

    /**
     * {@code requestHead} (a complete GET head) asking for the bytes from {@code offset} on, only if the
     * representation still matches {@code validator}: any Range and If-Range it had are replaced.
     */
    public static byte[] rangeRequest(byte[] requestHead, long offset, String validator) {
        String text = new String(requestHead, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end >= 0) text = text.substring(0, end);
        StringBuilder out = new StringBuilder(text.length() + 64);
        String[] lines = CRLF.split(text);
        out.append(lines[0]).append("\r\n");
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            String name = colon > 0 ? lines[i].substring(0, colon).trim() : "";
            if (name.equalsIgnoreCase("range") || name.equalsIgnoreCase("if-range")) continue;
            out.append(lines[i]).append("\r\n");
        }
        out.append("Range: bytes=").append(offset).append("-\r\n");
        out.append("If-Range: ").append(validator).append("\r\n\r\n");
        return out.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Whether a response head is 206 with {@code Content-Range: bytes OFFSET-(TOTAL-1)/TOTAL}. */
    public static boolean isRest(byte[] head, int len, int status, long offset, long total) {
        if (status != 206) return false;
        String cr = field(head, len, "content-range");
        return cr != null && cr.equals("bytes " + offset + "-" + (total - 1) + "/" + total);
    }
}
