package dts.cli;

import java.nio.charset.StandardCharsets;

/**
 * A response head read by a bench's own client, fed read by read: where the body starts, the status
 * line and the header values (the node that answered is {@code X-DTS-Node}).
 */
final class ResponseHead {
    private final StringBuilder text = new StringBuilder();
    private String head;

    /** The offset in {@code b[0..n)} where body bytes start (0 once the head is complete), or -1 while it is not. */
    int feed(byte[] b, int n) {
        if (head != null) return 0;
        int before = text.length();
        text.append(new String(b, 0, n, StandardCharsets.ISO_8859_1));
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) return -1;
        head = text.substring(0, end);
        return end + 4 - before;
    }

    String statusLine() { return head.lines().findFirst().orElse(""); }

    /** A header's value, or null. */
    String header(String name) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) return line.substring(colon + 1).trim();
        }
        return null;
    }

    /** Content-Length, or -1 when there is none. */
    long contentLength() {
        String v = header("content-length");
        return v == null ? -1 : Long.parseLong(v);
    }
}
