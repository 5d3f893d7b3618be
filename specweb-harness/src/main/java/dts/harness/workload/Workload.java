package dts.harness.workload;

import dts.harness.Check;

/**
 * SPECweb2005 Support workload parameters. {@link #of(int)} gives the published values; {@code scale}
 * (0 < scale <= 1) shrinks every file size and the think times by the same factor for quick runs, so
 * each session still asks for the same bytes per second as at full scale (see the README of the
 * harness for why the QoS thresholds stay unscaled).
 *
 * @param sessions    simultaneous user sessions the file set is sized for
 * @param directories download directories (published: 0.25 × sessions, at least 1)
 * @param scale       size and think-time factor; 1 = published
 */
public record Workload(int sessions, int directories, double scale) {
    /** Published mean think time between requests of a session. */
    public static final long THINK_TIME_MEAN_MILLIS = 5_000;
    /** Published cap of one think time. */
    public static final long THINK_TIME_MAX_MILLIS = 75_000;
    /** Published Zipf exponent of file popularity. */
    public static final double ZIPF_ALPHA = 1.2;
    public static final int FILES_PER_DIRECTORY = 16;
    /** Page variants per page type (pages are cheap: their count barely matters for caching). */
    public static final int PAGES_PER_TYPE = 16;
    /** No file shrinks below this, however small the scale. */
    public static final long MIN_FILE_BYTES = 64;

    public Workload {
        Check.atLeast("sessions", sessions, 1);
        Check.atLeast("directories", directories, 1);
        Check.inHalfOpen("scale", scale, 0.0, 1.0);
    }

    /** Published parameters for {@code sessions} sessions. */
    public static Workload of(int sessions) {
        Check.atLeast("sessions", sessions, 1);
        return new Workload(sessions, defaultDirectories(sessions), 1.0);
    }

    /** max(1, ⌈0.25 × sessions⌉). */
    public static int defaultDirectories(int sessions) {
        return Math.max(1, (sessions + 3) / 4);
    }

    public Workload withScale(double newScale) {
        return new Workload(sessions, directories, newScale);
    }

    public Workload withDirectories(int newDirectories) {
        return new Workload(sessions, newDirectories, scale);
    }

    public double thinkTimeMeanMillis() {
        return THINK_TIME_MEAN_MILLIS * scale;
    }

    public double thinkTimeMaxMillis() {
        return THINK_TIME_MAX_MILLIS * scale;
    }

    /** A published size after scaling, never below {@link #MIN_FILE_BYTES}. */
    public long scaledBytes(double publishedBytes) {
        return Math.max(MIN_FILE_BYTES, Math.round(publishedBytes * scale));
    }
}
