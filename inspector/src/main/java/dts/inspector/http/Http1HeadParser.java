package dts.inspector.http;

import dts.inspector.http.HeadParser.Outcome;
import dts.inspector.http.HeadParser.Result;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Line by line over the first min(len, maxHeadBytes) bytes: leading empty lines (RFC 9112 2.2), the
 * request line, field lines up to the empty line. Complete lines are checked in full, the last partial
 * line as far as it goes; checks across fields run when the head is complete.
 */
final class Http1HeadParser implements HeadParser {
    static final int MIN_HEAD_BYTES = 16;
    static final int MAX_HEAD_BYTES = 1 << 20;

    private final int maxHeadBytes;
    private final Result tooLarge;

    Http1HeadParser(int maxHeadBytes) {
        if (maxHeadBytes < MIN_HEAD_BYTES || maxHeadBytes > MAX_HEAD_BYTES) {
            throw new InspectorException("maxHeadBytes: " + maxHeadBytes
                    + " (expected: in [" + MIN_HEAD_BYTES + ", " + MAX_HEAD_BYTES + "])");
        }
        this.maxHeadBytes = maxHeadBytes;
        this.tooLarge = Result.failed(Outcome.TOO_LARGE, "head: no end within " + maxHeadBytes + " bytes");
    }

    @Override
    public int maxHeadBytes() {
        return maxHeadBytes;
    }

    @Override
    public Result parse(byte[] buf, int off, int len) {
        if (buf == null || off < 0 || len < 0 || off > buf.length - len) {
            throw new InspectorException("off: " + off + ", len: " + len + ", buf: "
                    + (buf == null ? "null" : buf.length + " bytes") + " (expected: a range inside buf)");
        }
        Result needMore = len >= maxHeadBytes ? tooLarge : Result.INCOMPLETE;
        int limit = off + Math.min(len, maxHeadBytes);
        int pos = off;
        while (pos < limit && (buf[pos] == '\n' || buf[pos] == '\r' && pos + 1 < limit && buf[pos + 1] == '\n')) {
            pos += buf[pos] == '\n' ? 1 : 2;
        }
        int lf = HeadLines.indexOf(buf, pos, limit, (byte) '\n');
        int[] marks = new int[2];
        String error = RequestLine.lex(buf, pos, HeadLines.contentEnd(buf, pos, lf < 0 ? limit : lf), lf >= 0, marks);
        if (error != null) {
            return Result.failed(Outcome.MALFORMED, error);
        }
        if (lf < 0) {
            return needMore;
        }
        int methodEnd = marks[0];
        int targetEnd = marks[1];
        int versionStart = targetEnd + 1;
        byte major = buf[versionStart + "HTTP/".length()];
        byte minor = buf[versionStart + "HTTP/1.".length()];
        if (major != '1' || minor > '1') {
            String version = Target.latin1(buf, versionStart, versionStart + RequestLine.VERSION_LENGTH);
            return Result.failed(Outcome.UNSUPPORTED_VERSION, "request line: " + version + " not supported");
        }
        boolean http11 = minor == '1';
        String method = method(buf, pos, methodEnd);
        Target target = Target.parse(method, buf, methodEnd + 1, targetEnd);
        if (target.error != null) {
            return Result.failed(Outcome.MALFORMED, target.error);
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>(16);
        int start = lf + 1;
        while (true) {
            lf = HeadLines.indexOf(buf, start, limit, (byte) '\n');
            int end = HeadLines.contentEnd(buf, start, lf < 0 ? limit : lf);
            if (lf >= 0 && end == start) {
                break;
            }
            int colon = HeaderLine.lex(buf, start, end, lf >= 0);
            if (colon < HeaderLine.VALID_SO_FAR) {
                return Result.failed(Outcome.MALFORMED, HeaderLine.error(colon));
            }
            if (lf < 0) {
                return needMore;
            }
            headers.add(Map.entry(Target.latin1(buf, start, colon), trimmedValue(buf, colon + 1, end)));
            start = lf + 1;
        }
        HeadFields fields = HeadFields.check(http11, headers, target.host);
        if (fields.error != null) {
            return Result.failed(Outcome.MALFORMED, fields.error);
        }
        return Result.complete(new RequestHead(method, Target.latin1(buf, methodEnd + 1, targetEnd), target,
                http11 ? "HTTP/1.1" : "HTTP/1.0", Collections.unmodifiableList(headers), fields, lf + 1 - off));
    }

    private static String method(byte[] buf, int from, int to) {
        int n = to - from;
        if (n == 3 && buf[from] == 'G' && buf[from + 1] == 'E' && buf[from + 2] == 'T') {
            return "GET";
        }
        return Target.latin1(buf, from, to);
    }

    private static String trimmedValue(byte[] buf, int from, int to) {
        while (from < to && Ascii.whitespace(buf[from])) {
            from++;
        }
        while (to > from && Ascii.whitespace(buf[to - 1])) {
            to--;
        }
        return Target.latin1(buf, from, to);
    }
}
