package dts.config;

import static java.util.Objects.requireNonNull;

/**
 * How each node checks its local web server, as HAProxy's {@code check inter … rise … fall …}: every
 * {@code intervalMillis} a connect and a {@code GET path}; a 2xx, 3xx or 4xx status line within
 * {@code timeoutMillis} is a success, anything else a failure. The backend goes down after
 * {@code fall} failures in a row and up again after {@code rise} successes in a row. Keys of the
 * {@code cluster} section: {@code health-interval-millis}, {@code health-timeout-millis},
 * {@code health-rise}, {@code health-fall}, {@code health-path}. Nodes with the embedded backend
 * are never checked (always up).
 *
 * @param intervalMillis time between the starts of two checks
 * @param timeoutMillis how long one check may take, connect included (at most the interval)
 * @param rise successes in a row that bring a down backend up
 * @param fall failures in a row that take an up backend down
 * @param path the request target of the check's {@code GET}, starting with {@code /}
 */
public record HealthCheck(long intervalMillis, long timeoutMillis, int rise, int fall, String path) {
    private static final HealthCheck DEFAULTS = new HealthCheck(1000, 500, 2, 3, "/");

    public HealthCheck {
        requireNonNull(path, "path");
        if (timeoutMillis < 1 || timeoutMillis > intervalMillis) {
            throw new IllegalArgumentException("timeoutMillis: " + timeoutMillis + " (expected: 1..intervalMillis " + intervalMillis + ")");
        }
        if (rise < 1 || fall < 1) {
            throw new IllegalArgumentException("rise, fall: " + rise + ", " + fall + " (expected: >= 1)");
        }
    }

    /** interval 1 s, timeout 500 ms, rise 2, fall 3, path {@code /}. */
    public static HealthCheck defaults() {
        return DEFAULTS;
    }

    /** The longest time from a backend's failure until its node is taken out of placement: interval × fall. */
    public long downDetectionMillis() {
        return intervalMillis * fall;
    }
}
