package dts.config;

import java.util.Set;

/** Reads the {@code health-*} keys of the {@code cluster} section into a {@link HealthCheck}. */
final class HealthReader {
    static final Set<String> KEYS = Set.of(
            "health-interval-millis", "health-timeout-millis", "health-rise", "health-fall", "health-path");
    /** A check at most every 10 ms, at least once an hour. */
    private static final long MIN_INTERVAL_MILLIS = 10;
    private static final long MAX_INTERVAL_MILLIS = 3_600_000;
    private static final int MAX_COUNT = 100;
    private static final int MAX_PATH_CHARS = 1024;

    private HealthReader() {}

    static HealthCheck read(YamlMap m, Problems problems) {
        HealthCheck d = HealthCheck.defaults();
        long interval = Scalars.integer(m, problems, "health-interval-millis", MIN_INTERVAL_MILLIS, MAX_INTERVAL_MILLIS)
                .orElse(d.intervalMillis());
        long timeout = Scalars.integer(m, problems, "health-timeout-millis", 1, MAX_INTERVAL_MILLIS).orElse(d.timeoutMillis());
        int rise = (int) Scalars.integer(m, problems, "health-rise", 1, MAX_COUNT).orElse(d.rise());
        int fall = (int) Scalars.integer(m, problems, "health-fall", 1, MAX_COUNT).orElse(d.fall());
        String path = Scalars.text(m, problems, "health-path").orElse(d.path());
        if (!validPath(path)) {
            problems.expected(m.path("health-path"), path,
                    "a path starting with / of at most " + MAX_PATH_CHARS + " visible ASCII characters, e.g. /health");
            path = d.path();
        }
        if (timeout > interval) {
            if (m.has("health-timeout-millis")) {
                problems.expected(m.path("health-timeout-millis"), timeout, "<= health-interval-millis " + interval);
            }
            timeout = Math.min(d.timeoutMillis(), interval); // the default never exceeds a short interval
        }
        return new HealthCheck(interval, timeout, rise, fall, path);
    }

    /** Printable ASCII without spaces: it goes into the request line as it is. */
    private static boolean validPath(String path) {
        if (!path.startsWith("/") || path.length() > MAX_PATH_CHARS) return false;
        return path.chars().allMatch(ch -> ch > 0x20 && ch < 0x7f);
    }
}
