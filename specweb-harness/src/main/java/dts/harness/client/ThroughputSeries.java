package dts.harness.client;

import java.util.Arrays;

/** Body bytes received per 1 s bucket since a start instant (thread-safe, grows as needed). */
public final class ThroughputSeries {
    private static final long BUCKET_NANOS = 1_000_000_000L;
    private final long startNanos;
    private long[] buckets = new long[64];
    private int used;

    public ThroughputSeries(long startNanos) {
        this.startNanos = startNanos;
    }

    public synchronized void add(long nowNanos, long bytes) {
        int i = (int) Math.max(0, (nowNanos - startNanos) / BUCKET_NANOS);
        if (i >= buckets.length) buckets = Arrays.copyOf(buckets, Math.max(i + 1, buckets.length * 2));
        buckets[i] += bytes;
        used = Math.max(used, i + 1);
    }

    /** Bytes per second, bucket 0 = the first second; as many buckets as seconds that saw data or {@code minBuckets}. */
    public synchronized long[] bytesPerSecond(int minBuckets) {
        return Arrays.copyOf(buckets, Math.max(used, minBuckets));
    }
}
