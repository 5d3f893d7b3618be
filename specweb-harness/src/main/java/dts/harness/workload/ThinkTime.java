package dts.harness.workload;

/** Exponential think time with the workload's mean, truncated at its cap. */
public final class ThinkTime {
    private final double meanMillis;
    private final double maxMillis;

    public ThinkTime(Workload workload) {
        this.meanMillis = workload.thinkTimeMeanMillis();
        this.maxMillis = workload.thinkTimeMaxMillis();
    }

    /** Think time in milliseconds for {@code u} uniform in [0, 1). */
    public long millis(double u) {
        double t = -meanMillis * Math.log1p(-u);
        return Math.round(Math.min(maxMillis, t));
    }
}
