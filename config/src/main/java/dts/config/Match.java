package dts.config;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The conditions of a rule; every one given must hold, and a match with none matches everything.
 *
 * @param host the request's host, exact, lower case (compared with the lower-cased Host, no port)
 * @param pathPrefix the normalized path starts with it
 * @param pathSuffix the normalized path ends with it
 * @param pathRegex the normalized path contains a match of it ({@code ^} anchors)
 * @param method the request method, exact (methods are case-sensitive)
 * @param header a header condition
 */
public record Match(
        Optional<String> host,
        Optional<String> pathPrefix,
        Optional<String> pathSuffix,
        Optional<Pattern> pathRegex,
        Optional<String> method,
        Optional<HeaderMatch> header) {

    private static final Match ANY = builder().build();

    public Match {
        requireNonNull(host, "host");
        requireNonNull(pathPrefix, "pathPrefix");
        requireNonNull(pathSuffix, "pathSuffix");
        requireNonNull(pathRegex, "pathRegex");
        requireNonNull(method, "method");
        requireNonNull(header, "header");
    }

    /** Matches every request. */
    public static Match any() {
        return ANY;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Whether no condition is given, so that this matches every request. */
    public boolean isAny() {
        return host.isEmpty() && pathPrefix.isEmpty() && pathSuffix.isEmpty() && pathRegex.isEmpty()
                && method.isEmpty() && header.isEmpty();
    }

    /** Compares regexes by their source text and flags ({@link Pattern} has identity equality). */
    @Override
    public boolean equals(Object o) {
        return o instanceof Match that && host.equals(that.host) && pathPrefix.equals(that.pathPrefix)
                && pathSuffix.equals(that.pathSuffix) && samePattern(pathRegex, that.pathRegex)
                && method.equals(that.method) && header.equals(that.header);
    }

    @Override
    public int hashCode() {
        return Objects.hash(host, pathPrefix, pathSuffix, pathRegex.map(Pattern::pattern), method, header);
    }

    /** {@code host img.example.com, path-suffix .jpg}, or {@code any}: as {@code describe()} prints it. */
    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        host.ifPresent(h -> parts.add("host " + h));
        pathPrefix.ifPresent(p -> parts.add("path-prefix " + p));
        pathSuffix.ifPresent(s -> parts.add("path-suffix " + s));
        pathRegex.ifPresent(r -> parts.add("path-regex " + r.pattern()));
        method.ifPresent(m -> parts.add("method " + m));
        header.ifPresent(h -> parts.add(h.toString()));
        return parts.isEmpty() ? "any" : String.join(", ", parts);
    }

    static boolean samePattern(Optional<Pattern> a, Optional<Pattern> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return a.isEmpty() && b.isEmpty();
        }
        return a.get().pattern().equals(b.get().pattern()) && a.get().flags() == b.get().flags();
    }

    /** Builds a {@link Match}; every condition is optional. */
    public static final class Builder {
        private Optional<String> host = Optional.empty();
        private Optional<String> pathPrefix = Optional.empty();
        private Optional<String> pathSuffix = Optional.empty();
        private Optional<Pattern> pathRegex = Optional.empty();
        private Optional<String> method = Optional.empty();
        private Optional<HeaderMatch> header = Optional.empty();

        private Builder() {}

        /** Lower-cased here: host comparison is case-insensitive. */
        public Builder host(String host) {
            this.host = Optional.of(host.toLowerCase(java.util.Locale.ROOT));
            return this;
        }

        public Builder pathPrefix(String pathPrefix) {
            this.pathPrefix = Optional.of(pathPrefix);
            return this;
        }

        public Builder pathSuffix(String pathSuffix) {
            this.pathSuffix = Optional.of(pathSuffix);
            return this;
        }

        public Builder pathRegex(Pattern pathRegex) {
            this.pathRegex = Optional.of(pathRegex);
            return this;
        }

        public Builder pathRegex(String pathRegex) {
            return pathRegex(Pattern.compile(pathRegex));
        }

        public Builder method(String method) {
            this.method = Optional.of(method);
            return this;
        }

        public Builder header(HeaderMatch header) {
            this.header = Optional.of(header);
            return this;
        }

        public Match build() {
            return new Match(host, pathPrefix, pathSuffix, pathRegex, method, header);
        }
    }
}
