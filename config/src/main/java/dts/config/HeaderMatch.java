package dts.config;

import static java.util.Objects.requireNonNull;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A header condition: the header named {@code name} (case-insensitive) is present and, when given,
 * its first value equals {@code value} exactly or contains a match of {@code regex}.
 */
public record HeaderMatch(String name, Optional<String> value, Optional<Pattern> regex) {

    public HeaderMatch {
        requireNonNull(name, "name");
        requireNonNull(value, "value");
        requireNonNull(regex, "regex");
        if (value.isPresent() && regex.isPresent()) {
            throw new IllegalArgumentException("value and regex: both given (expected: one)");
        }
    }

    /** The header's first value equals {@code value}. */
    public static HeaderMatch equalTo(String name, String value) {
        return new HeaderMatch(name, Optional.of(value), Optional.empty());
    }

    /** The header's first value contains a match of {@code regex}. */
    public static HeaderMatch matching(String name, Pattern regex) {
        return new HeaderMatch(name, Optional.empty(), Optional.of(regex));
    }

    /** The header is present, whatever its value. */
    public static HeaderMatch present(String name) {
        return new HeaderMatch(name, Optional.empty(), Optional.empty());
    }

    /** Compares regexes by their source text and flags ({@link Pattern} has identity equality). */
    @Override
    public boolean equals(Object o) {
        return o instanceof HeaderMatch that && name.equals(that.name) && value.equals(that.value)
                && Match.samePattern(regex, that.regex);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, value, regex.map(Pattern::pattern));
    }

    @Override
    public String toString() {
        return "header " + name + value.map(v -> " = " + v).orElse("")
                + regex.map(r -> " ~ " + r.pattern()).orElse("");
    }
}
