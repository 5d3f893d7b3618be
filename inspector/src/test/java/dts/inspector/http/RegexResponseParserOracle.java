package dts.inspector.http;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Test oracle: the response parser as it was before it read bytes in place (a regular expression
 * split the head into line strings). {@link ResponseParserDifferentialTest} checks that the
 * byte-level {@link Http1ResponseParser} gives the same result for every head.
 */
final class RegexResponseParserOracle implements ResponseParser {
    /** Line ends, compiled once: {@code String.split} would compile this pattern on every response. */
    private static final Pattern LINES = Pattern.compile("\r?\n");
    private final int maxHeadBytes;

    RegexResponseParserOracle(int maxHeadBytes) {
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
        String head = new String(buf, off, headLength, StandardCharsets.ISO_8859_1).stripTrailing();
        String[] lines = LINES.split(head);
        String statusLine = lines[0];
        if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12 || statusLine.charAt(8) != ' '
                || (statusLine.length() > 12 && statusLine.charAt(12) != ' ')) {
            return Result.failed(Outcome.MALFORMED, "bad status line");
        }
        char minor = statusLine.charAt(7);
        if (minor != '0' && minor != '1') {
            return Result.failed(Outcome.MALFORMED, "unsupported version");
        }
        boolean http11 = minor == '1';
        int status = 0;
        for (int i = 9; i < 12; i++) {
            char c = statusLine.charAt(i);
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
        for (int i = 1; i < lines.length; i++) {
            String l = lines[i];
            int colon = l.indexOf(':');
            if (colon <= 0) {
                return Result.failed(Outcome.MALFORMED, "bad header line");
            }
            String name = l.substring(0, colon);
            for (int k = 0; k < name.length(); k++) {
                if (!Ascii.tchar((byte) name.charAt(k))) {
                    return Result.failed(Outcome.MALFORMED, "bad header name");
                }
            }
            String value = l.substring(colon + 1).strip();
            if (name.equalsIgnoreCase("content-length")) {
                long n = ContentLength.parse(value);
                if (n < 0 || (lengthSeen && n != contentLength)) {
                    return Result.failed(Outcome.MALFORMED, "bad Content-Length");
                }
                lengthSeen = true;
                contentLength = n;
            } else if (name.equalsIgnoreCase("transfer-encoding")) {
                teSeen = true;
                if (te.add(value) != null) {
                    return Result.failed(Outcome.MALFORMED, "bad Transfer-Encoding");
                }
            } else if (name.equalsIgnoreCase("connection")) {
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
