package dts.config;

import static java.util.Objects.requireNonNull;

/**
 * One entry of {@code rules}: requests that satisfy {@code match} go to {@code pool}.
 *
 * @param index the position in {@code rules}, from 0 (first match wins)
 * @param match the conditions, all of which must hold ({@link Match#any()} when none)
 * @param pool the pool name
 */
public record RuleConfig(int index, Match match, String pool) {
    public RuleConfig {
        requireNonNull(match, "match");
        requireNonNull(pool, "pool");
    }
}
