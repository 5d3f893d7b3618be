package dts.inspector.route;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dts.config.HeaderMatch;
import dts.config.Match;
import dts.inspector.http.RequestHead;

/**
 * A rule's {@link Match} flattened for the hot path: null fields are absent conditions, and the
 * cheap comparisons run before the regexes. Each thread reuses its own {@link Matcher} per regex
 * (inspector threads are few and long-lived), which keeps the hot path free of regex allocations.
 */
final class RuleMatcher {
    private final String method;
    private final String host;
    private final String pathPrefix;
    private final String pathSuffix;
    private final String headerName;
    private final String headerValue;
    private final ThreadLocal<Matcher> headerRegex;
    private final ThreadLocal<Matcher> pathRegex;

    RuleMatcher(Match match) {
        this.method = match.method().orElse(null);
        this.host = match.host().orElse(null);
        this.pathPrefix = match.pathPrefix().orElse(null);
        this.pathSuffix = match.pathSuffix().orElse(null);
        this.pathRegex = reusable(match.pathRegex().orElse(null));
        HeaderMatch header = match.header().orElse(null);
        this.headerName = header == null ? null : header.name();
        this.headerValue = header == null ? null : header.value().orElse(null);
        this.headerRegex = reusable(header == null ? null : header.regex().orElse(null));
    }

    boolean matches(RequestHead head) {
        if (method != null && !method.equals(head.method())) {
            return false;
        }
        if (host != null && !host.equals(head.host())) {
            return false;
        }
        String path = head.path();
        if (pathPrefix != null && !path.startsWith(pathPrefix)) {
            return false;
        }
        if (pathSuffix != null && !path.endsWith(pathSuffix)) {
            return false;
        }
        if (headerName != null && !headerMatches(head.header(headerName))) {
            return false;
        }
        return pathRegex == null || pathRegex.get().reset(path).find();
    }

    private boolean headerMatches(String value) {
        if (value == null) {
            return false;
        }
        if (headerValue != null) {
            return headerValue.equals(value);
        }
        return headerRegex == null || headerRegex.get().reset(value).find();
    }

    private static ThreadLocal<Matcher> reusable(Pattern pattern) {
        return pattern == null ? null : ThreadLocal.withInitial(() -> pattern.matcher(""));
    }
}
