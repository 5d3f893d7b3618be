package dts.inspector.http;

import java.nio.charset.StandardCharsets;

/**
 * The parts of a lexically valid request-target: origin-form ({@code /path?query}), absolute-form
 * ({@code http://host:port/path?query}, http or https only, no userinfo) or asterisk-form
 * ({@code *}, OPTIONS only). Authority-form (CONNECT) is not served.
 */
final class Target {
    final String error;
    final String path;
    final String query;
    /** Host of an absolute-form target (lower-cased, no port), else null. */
    final String host;

    private Target(String error, String path, String query, String host) {
        this.error = error;
        this.path = path;
        this.query = query;
        this.host = host;
    }

    static Target parse(String method, byte[] b, int from, int to) {
        if (b[from] == '/') {
            return pathAndQuery(b, from, to, null);
        }
        if (to - from == 1 && b[from] == '*') {
            return "OPTIONS".equals(method) ? new Target(null, "*", "", null)
                    : failed("request target: asterisk-form only with OPTIONS");
        }
        int schemeEnd = schemeEnd(b, from, to);
        if (schemeEnd < 0) {
            return failed("request target: not origin-form, absolute-form or asterisk");
        }
        String scheme = latin1(b, from, schemeEnd);
        if (!scheme.equalsIgnoreCase("http") && !scheme.equalsIgnoreCase("https")) {
            return failed("request target: unsupported scheme");
        }
        int authorityStart = schemeEnd + 3;
        int authorityEnd = authorityStart;
        while (authorityEnd < to && b[authorityEnd] != '/' && b[authorityEnd] != '?') {
            authorityEnd++;
        }
        String authority = latin1(b, authorityStart, authorityEnd);
        if (authority.indexOf('@') >= 0) {
            return failed("request target: userinfo not allowed");
        }
        String host = Hosts.hostOf(authority);
        if (host == null || host.isEmpty()) {
            return failed("request target: invalid host");
        }
        if (authorityEnd == to || b[authorityEnd] == '?') {
            String query = authorityEnd == to ? "" : latin1(b, authorityEnd + 1, to);
            return new Target(null, "/", query, host);
        }
        return pathAndQuery(b, authorityEnd, to, host);
    }

    /** End of a scheme followed by "://", or -1. scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) */
    private static int schemeEnd(byte[] b, int from, int to) {
        int i = from;
        while (i < to && (Ascii.alpha(b[i]) || Ascii.digit(b[i]) || b[i] == '+' || b[i] == '-' || b[i] == '.')) {
            i++;
        }
        boolean alphaFirst = i > from && Ascii.alpha(b[from]);
        boolean slashes = i + 2 < to && b[i] == ':' && b[i + 1] == '/' && b[i + 2] == '/';
        return alphaFirst && slashes ? i : -1;
    }

    private static Target pathAndQuery(byte[] b, int from, int to, String host) {
        int q = from;
        while (q < to && b[q] != '?') {
            q++;
        }
        String query = q == to ? "" : latin1(b, q + 1, to);
        return new Target(null, Paths.normalize(b, from, q), query, host);
    }

    private static Target failed(String error) {
        return new Target(error, null, null, null);
    }

    static String latin1(byte[] b, int from, int to) {
        return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    }
}
