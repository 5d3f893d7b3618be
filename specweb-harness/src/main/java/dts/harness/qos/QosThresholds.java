package dts.harness.qos;

import dts.harness.Check;
import dts.harness.HarnessException;

/**
 * QoS limits. Pages: response time (request sent → last body byte) ≤ good ≤ tolerable. Downloads:
 * byte rate (body bytes ÷ time from request sent to last body byte) ≥ good ≥ tolerable.
 *
 * <p>The limits are not scaled with {@code Workload.scale}: sizes and think times shrink together, so a
 * session's demand in bytes per second is unchanged and a bandwidth-starved download misses 99,000 B/s
 * just as at full scale. What does change is the weight of fixed per-request latency L: a download of
 * S bytes is good only if L + S/bandwidth ≤ S/99,000, so small scaled files (100 KiB × scale) tolerate
 * only about 1.03 × scale seconds of latency. Use scale ≥ 0.1 when download QoS is the result.
 */
public record QosThresholds(long pageGoodMillis, long pageTolerableMillis,
                            double downloadGoodBytesPerSecond, double downloadTolerableBytesPerSecond) {
    /** SPECweb2005 Support: pages 3 s / 5 s, downloads 99,000 / 95,000 B/s. */
    public static final QosThresholds SPECWEB = new QosThresholds(3_000, 5_000, 99_000, 95_000);

    public QosThresholds {
        Check.atLeast("pageGoodMillis", pageGoodMillis, 1);
        Check.atLeast("pageTolerableMillis", pageTolerableMillis, pageGoodMillis);
        Check.positive("downloadTolerableBytesPerSecond", downloadTolerableBytesPerSecond);
        if (!(downloadGoodBytesPerSecond >= downloadTolerableBytesPerSecond)) {
            throw new HarnessException("downloadGoodBytesPerSecond: " + downloadGoodBytesPerSecond
                    + " (expected: >= " + downloadTolerableBytesPerSecond + ")");
        }
    }

    public Grade page(long responseNanos) {
        if (responseNanos <= pageGoodMillis * 1_000_000L) return Grade.GOOD;
        if (responseNanos <= pageTolerableMillis * 1_000_000L) return Grade.TOLERABLE;
        return Grade.FAILED;
    }

    public Grade download(long bodyBytes, long transferNanos) {
        if (transferNanos <= 0) return Grade.GOOD;
        double rate = bodyBytes * 1e9 / transferNanos;
        if (rate >= downloadGoodBytesPerSecond) return Grade.GOOD;
        if (rate >= downloadTolerableBytesPerSecond) return Grade.TOLERABLE;
        return Grade.FAILED;
    }
}
