package dts.inspector.http;

import java.nio.charset.StandardCharsets;

/** {@link ResponseParser} for HTTP/1.0 and HTTP/1.1 status lines and header fields. */
final class Http1ResponseParser implements ResponseParser {
    private final int maxHeadBytes;

    Http1ResponseParser(int maxHeadBytes) {
        if (maxHeadBytes < 64) {
            throw new InspectorException("maxHeadBytes: " + maxHeadBytes + " (expected: >= 64)");
        }
        this.maxHeadBytes = maxHeadBytes;
    }

    @Override
    public Result parse(byte[] buf, int off, int len, String requestMethod) {
        int headLength = headLength(buf, off, Math.min(len, maxHeadBytes));
        if (headLength < 0) {
            return len >= maxHeadBytes ? Result.failed(Outcome.TOO_LARGE, "response head over " + maxHeadBytes + " bytes")
                    : Result.INCOMPLETE;
        }
        // Lines end at LF, less one CR before it; trailing whitespace of the head is not a line. Bytes are
        // read in place: only the values of the three fields that frame the body become strings.
        int end = off + headLength;
        while (end > off && Character.isWhitespace((char) (buf[end - 1] & 0xFF))) {
            end--;
        }
        int lineEnd = lineEnd(buf, off, end);
        int statusEnd = HeadLines.contentEnd(buf, off, lineEnd);
        int statusLength = statusEnd - off;
        if (statusLength < 12 || !startsWithHttp1(buf, off) || buf[off + 8] != ' '
                || (statusLength > 12 && buf[off + 12] != ' ')) {
            return Result.failed(Outcome.MALFORMED, "bad status line");
        }
        byte minor = buf[off + 7];
        if (minor != '0' && minor != '1') {
            return Result.failed(Outcome.MALFORMED, "unsupported version");
        }
        boolean http11 = minor == '1';
        int status = 0;
        for (int i = 9; i < 12; i++) {
            byte c = buf[off + i];
            if (!Ascii.digit(c)) {
                return Result.failed(Outcome.MALFORMED, "bad status code");
            }
            status = status * 10 + (c - '0');
        }
        if (status < 100) {
            return Result.failed(Outcome.MALFORMED, "bad status code");
        }
        long contentLength = -1;
        boolean lengthSeen = false;
        Framing te = new Framing();
        boolean teSeen = false;
        boolean close = false;
        boolean keepAlive = false;
        for (int start = lineEnd + 1; start <= end && lineEnd < end; start = lineEnd + 1) {
            lineEnd = lineEnd(buf, start, end);
            int stop = HeadLines.contentEnd(buf, start, lineEnd);
            int colon = HeadLines.indexOf(buf, start, stop, (byte) ':');
            if (colon <= start) {
                return Result.failed(Outcome.MALFORMED, "bad header line");
            }
            for (int k = start; k < colon; k++) {
                if (!Ascii.tchar(buf[k])) {
                    return Result.failed(Outcome.MALFORMED, "bad header name");
                }
            }
            if (nameIs(buf, start, colon, CONTENT_LENGTH)) {
                long n = ContentLength.parse(value(buf, colon + 1, stop));
                if (n < 0 || (lengthSeen && n != contentLength)) {
                    return Result.failed(Outcome.MALFORMED, "bad Content-Length");
                }
                lengthSeen = true;
                contentLength = n;
            } else if (nameIs(buf, start, colon, TRANSFER_ENCODING)) {
                teSeen = true;
                if (te.add(value(buf, colon + 1, stop)) != null) {
                    return Result.failed(Outcome.MALFORMED, "bad Transfer-Encoding");
                }
            } else if (nameIs(buf, start, colon, CONNECTION)) {
                String value = value(buf, colon + 1, stop);
                close |= Tokens.contains(value, "close");
                keepAlive |= Tokens.contains(value, "keep-alive");
            }
        }
        Body body;
        if ("HEAD".equals(requestMethod) || (status >= 100 && status < 200) || status == 204 || status == 304) {
            body = Body.NONE;
        } else if (teSeen) {
            body = te.chunked() ? Body.CHUNKED : Body.UNTIL_CLOSE;
            close |= lengthSeen; // both framings: RFC 9112 6.3 says close after the response
        } else if (lengthSeen) {
            body = Body.LENGTH;
        } else {
            body = Body.UNTIL_CLOSE;
        }
        boolean reusable = body != Body.UNTIL_CLOSE && status != 101 && !close && (http11 || keepAlive);
        return new Result(Outcome.COMPLETE, headLength, status, body, body == Body.LENGTH ? contentLength : -1, reusable, null);
    }

    private static final byte[] HTTP1 = "HTTP/1.".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] CONTENT_LENGTH = "content-length".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] TRANSFER_ENCODING = "transfer-encoding".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] CONNECTION = "connection".getBytes(StandardCharsets.ISO_8859_1);

    private static boolean startsWithHttp1(byte[] b, int off) {
        for (int i = 0; i < HTTP1.length; i++) {
            if (b[off + i] != HTTP1[i]) {
                return false;
            }
        }
        return true;
    }

    /** Index of the LF ending the line that starts at {@code from}, or {@code end} for the last line. */
    private static int lineEnd(byte[] b, int from, int end) {
        int i = HeadLines.indexOf(b, from, end, (byte) '\n');
        return i < 0 ? end : i;
    }

    /** A header name (token bytes, checked before) against a lower-case name, ignoring ASCII case. */
    private static boolean nameIs(byte[] b, int from, int to, byte[] lower) {
        if (to - from != lower.length) {
            return false;
        }
        for (int i = 0; i < lower.length; i++) {
            int c = b[from + i];
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != lower[i]) {
                return false;
            }
        }
        return true;
    }

    /** A field value without the whitespace around it ({@link String#strip}'s). */
    private static String value(byte[] b, int from, int to) {
        while (from < to && Character.isWhitespace((char) (b[from] & 0xFF))) {
            from++;
        }
        while (to > from && Character.isWhitespace((char) (b[to - 1] & 0xFF))) {
            to--;
        }
        return Target.latin1(b, from, to);
    }

    /**
     * Length of the head including the blank line that ends it ("\r\n\r\n", also bare "\n"), or -1
     * when no head ends within {@code len} bytes.
     */
    private static int headLength(byte[] b, int off, int len) {
        for (int i = 0; i < len; i++) {
            if (b[off + i] != '\n') {
                continue;
            }
            if (i + 1 < len && b[off + i + 1] == '\n') {
                return i + 2;
            }
            if (i + 2 < len && b[off + i + 1] == '\r' && b[off + i + 2] == '\n') {
                return i + 3;
            }
        }
        return -1;
    }
}
