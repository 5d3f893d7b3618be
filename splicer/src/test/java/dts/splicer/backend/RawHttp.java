package dts.splicer.backend;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Minimal HTTP/1.x response reader over a plain stream, so tests control the bytes exactly. */
final class RawHttp {
    record Response(int status, Map<String, String> headers, byte[] body) {
        String header(String name) { return headers.get(name.toLowerCase(Locale.ROOT)); }
        String text() { return new String(body, StandardCharsets.ISO_8859_1); }
    }

    private RawHttp() {}

    /** Reads one response; the body by Content-Length (none for HEAD, 204, 304), else until EOF. */
    static Response read(InputStream in, boolean headRequest) throws IOException {
        String statusLine = line(in);
        if (statusLine == null) throw new IOException("EOF before status line");
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) throw new IOException("bad status line: " + statusLine);
        int status = Integer.parseInt(parts[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String l = line(in); ; l = line(in)) {
            if (l == null) throw new IOException("EOF in headers");
            if (l.isEmpty()) break;
            int colon = l.indexOf(':');
            headers.put(l.substring(0, colon).strip().toLowerCase(Locale.ROOT), l.substring(colon + 1).strip());
        }
        byte[] body;
        String cl = headers.get("content-length");
        if (headRequest || status == 204 || status == 304) {
            body = new byte[0];
        } else if (cl != null) {
            body = in.readNBytes(Integer.parseInt(cl));
            if (body.length != Integer.parseInt(cl)) throw new IOException("short body " + body.length + " of " + cl);
        } else {
            body = in.readAllBytes();
        }
        return new Response(status, headers, body);
    }

    /** Reads a response whose body is only hashed (large bodies), returning its length and SHA-256. */
    static String[] readHashed(InputStream in) throws IOException {
        Response head = read(in, true);
        long length = Long.parseLong(head.header("content-length"));
        MessageDigest md = sha256();
        byte[] buf = new byte[64 * 1024];
        long left = length;
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) throw new IOException("EOF after " + (length - left) + " of " + length + " body bytes");
            md.update(buf, 0, n);
            left -= n;
        }
        return new String[] {String.valueOf(head.status()), String.valueOf(length), HexFormat.of().formatHex(md.digest())};
    }

    static String sha256Hex(byte[] data) { return HexFormat.of().formatHex(sha256().digest(data)); }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                byte[] raw = b.toByteArray();
                int len = raw.length > 0 && raw[raw.length - 1] == '\r' ? raw.length - 1 : raw.length;
                return new String(raw, 0, len, StandardCharsets.ISO_8859_1);
            }
            b.write(c);
        }
        return null;
    }
}
