package dts.node.health;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The up/down state of one backend from its check results, as HAProxy's {@code rise}/{@code fall}:
 * an up backend goes down after {@code fall} failed checks in a row, a down one comes up after
 * {@code rise} good checks in a row; any other result resets the streak. Starts up (a node serves
 * at once; a dead backend is out of placement after {@code fall} checks). Thread-safe.
 */
final class HealthState {
    private final int rise;
    private final int fall;
    private volatile boolean up = true;
    private int streak;
    private long checks;
    private long failures;
    private long lastChangeNanos;
    private String lastError;

    HealthState(int rise, int fall, long nowNanos) {
        if (rise < 1 || fall < 1) throw new IllegalArgumentException("rise, fall: " + rise + ", " + fall + " (expected: >= 1)");
        this.rise = rise;
        this.fall = fall;
        this.lastChangeNanos = nowNanos;
    }

    /** Records one check: {@code error} null when it passed. Returns true when the state changed. */
    synchronized boolean record(String error, long nowNanos) {
        boolean ok = error == null;
        checks++;
        if (!ok) {
            failures++;
            lastError = error;
        }
        if (ok == up) {
            streak = 0; // a result that agrees with the state breaks any streak against it
            return false;
        }
        if (++streak < (up ? fall : rise)) return false;
        up = ok;
        streak = 0;
        lastChangeNanos = nowNanos;
        return true;
    }

    boolean up() { return up; }

    synchronized long checks() { return checks; }

    synchronized long failures() { return failures; }

    /** {@code state, checks, failures, last_change_ms_ago, last_error} for {@code /status}. */
    synchronized Map<String, Object> snapshot(long nowNanos) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", up ? "up" : "down");
        m.put("checks", checks);
        m.put("failures", failures);
        m.put("last_change_ms_ago", TimeUnit.NANOSECONDS.toMillis(nowNanos - lastChangeNanos));
        m.put("last_error", lastError);
        return m;
    }
}
