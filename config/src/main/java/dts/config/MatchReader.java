package dts.config;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Reads a rule's {@code match} map. */
final class MatchReader {
    static final Set<String> KEYS = Set.of("host", "path-prefix", "path-suffix", "path-regex", "method", "header");
    static final Set<String> HEADER_KEYS = Set.of("name", "value", "regex");
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final Pattern METHOD = Pattern.compile("[A-Z][A-Z_-]*");
    private static final Pattern HOST = Pattern.compile("[a-z0-9_]([a-z0-9_.-]*[a-z0-9_])?");

    private MatchReader() {}

    static Match read(YamlMap m, Problems problems) {
        m.rejectUnknownKeys(KEYS);
        Match.Builder b = Match.builder();
        Scalars.text(m, problems, "host").ifPresent(host -> {
            String lower = host.toLowerCase(Locale.ROOT);
            if (HOST.matcher(lower).matches()) {
                b.host(lower);
            } else {
                problems.expected(m.path("host"), host, "a host name without port, such as img.example.com");
            }
        });
        Scalars.text(m, problems, "path-prefix").ifPresent(prefix -> {
            if (prefix.startsWith("/")) {
                b.pathPrefix(prefix);
            } else {
                problems.expected(m.path("path-prefix"), prefix, "a path starting with /");
            }
        });
        Scalars.text(m, problems, "path-suffix").ifPresent(b::pathSuffix);
        regex(m, "path-regex", problems).ifPresent(b::pathRegex);
        Scalars.text(m, problems, "method").ifPresent(method -> {
            if (METHOD.matcher(method).matches()) {
                b.method(method);
            } else {
                problems.expected(m.path("method"), method, "an upper-case method such as GET");
            }
        });
        m.map("header").flatMap(h -> header(h, problems)).ifPresent(b::header);
        return b.build();
    }

    private static Optional<HeaderMatch> header(YamlMap h, Problems problems) {
        h.rejectUnknownKeys(HEADER_KEYS);
        Optional<String> name = Scalars.text(h, problems, "name").filter(n -> {
            if (!TOKEN.matcher(n).matches()) {
                problems.expected(h.path("name"), n, "a header name such as X-Tenant");
                return false;
            }
            return true;
        });
        if (!h.has("name")) {
            problems.add(h.path("name"), "missing (expected: a header name)");
        }
        Optional<String> value = Scalars.text(h, problems, "value");
        Optional<Pattern> regex = regex(h, "regex", problems);
        if (h.has("value") && h.has("regex")) {
            problems.add(h.path(), "both value and regex (expected: one of them)");
            return Optional.empty();
        }
        return name.map(n -> new HeaderMatch(n, value, regex));
    }

    private static Optional<Pattern> regex(YamlMap m, String key, Problems problems) {
        return Scalars.text(m, problems, key).flatMap(text -> {
            try {
                return Optional.of(Pattern.compile(text));
            } catch (PatternSyntaxException e) {
                problems.add(m.path(key), text + " (bad regex: " + e.getDescription()
                        + (e.getIndex() >= 0 ? " near index " + e.getIndex() : "") + ")");
                return Optional.empty();
            }
        });
    }
}
