package dts.inspector.http;

/**
 * Transfer-Encoding of a request (RFC 9112 section 6): the codings of every Transfer-Encoding line in
 * order; chunked must be the final coding and appear once. Content-Length beside it, or any
 * Transfer-Encoding in HTTP/1.0, is refused: the two framings are how requests get smuggled.
 */
final class Framing {
    private boolean present;
    private boolean chunkedLast;
    private int chunkedCount;

    /** Adds the codings of one Transfer-Encoding line; returns an error or null. */
    String add(String list) {
        present = true;
        int start = 0;
        while (start <= list.length()) {
            int comma = list.indexOf(',', start);
            int end = comma < 0 ? list.length() : comma;
            String coding = Tokens.element(list, start, end);
            if (!coding.isEmpty()) {
                if (!token(coding)) {
                    return "Transfer-Encoding: invalid coding";
                }
                chunkedLast = coding.equalsIgnoreCase("chunked");
                chunkedCount += chunkedLast ? 1 : 0;
            }
            start = end + 1;
        }
        return null;
    }

    /** Final checks; returns an error or null. */
    String check(boolean http11, boolean contentLength) {
        if (!present) {
            return null;
        }
        if (!http11) {
            return "Transfer-Encoding: not allowed in HTTP/1.0";
        }
        if (contentLength) {
            return "Content-Length with Transfer-Encoding";
        }
        if (!chunkedLast || chunkedCount > 1) {
            return "Transfer-Encoding: chunked must be the final coding, once";
        }
        return null;
    }

    boolean chunked() {
        return present && chunkedLast;
    }

    private static boolean token(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c > 127 || !Ascii.tchar((byte) c)) {
                return false;
            }
        }
        return true;
    }
}
