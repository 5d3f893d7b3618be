package dts.harness.resources;

import dts.harness.Check;

/**
 * One node's "machine": memory (page cache included), CPU share and disk read bandwidth.
 *
 * @param memoryBytes        memory.limit_in_bytes (page cache is charged to the cgroup that faults it in)
 * @param cpuCores           CPU quota as a fraction of cores (0.5 = half a core; cfs period 100 ms)
 * @param readBytesPerSecond blkio read throttle on the docroot's disk; 0 = unthrottled
 * @param cfsPeriodMicros    cpu.cfs_period_us: a throttled cgroup waits up to (1 - cpuCores) × this for its
 *                           next slice, so a short period (10 ms) models a slow CPU rather than a frozen one
 */
public record ResourceLimits(long memoryBytes, double cpuCores, long readBytesPerSecond, long cfsPeriodMicros) {
    /** The kernel's default period. */
    public static final long CFS_PERIOD_MICROS = 100_000;

    public ResourceLimits {
        Check.atLeast("memoryBytes", memoryBytes, 1L << 20);
        Check.inHalfOpen("cpuCores", cpuCores, 0.0, 1024.0);
        Check.atLeast("readBytesPerSecond", readBytesPerSecond, 0);
        Check.atLeast("cfsPeriodMicros", cfsPeriodMicros, 1_000);
        if (cfsPeriodMicros > 1_000_000) throw new dts.harness.HarnessException("cfsPeriodMicros: " + cfsPeriodMicros + " (expected: <= 1000000)");
    }

    /** With the kernel's default CFS period (100 ms). */
    public ResourceLimits(long memoryBytes, double cpuCores, long readBytesPerSecond) {
        this(memoryBytes, cpuCores, readBytesPerSecond, CFS_PERIOD_MICROS);
    }

    /**
     * The cluster's page caches together hold this many times the file set: one node caches
     * 1.25 / nodes of it (4 nodes: the file set is 3.2× one node's cache, and fits in the cluster's).
     */
    public static final double CLUSTER_CACHE_OVER_FILE_SET = 1.25;

    /**
     * A memory limit for one of {@code nodes} nodes serving {@code fileSetBytes}: the process's own
     * memory (JVM heap and native memory are charged to the same cgroup as the page cache) plus its
     * share of {@link #CLUSTER_CACHE_OVER_FILE_SET} × the file set.
     */
    public static long memoryFor(long fileSetBytes, int nodes, long processBytes) {
        Check.atLeast("fileSetBytes", fileSetBytes, 1);
        Check.atLeast("nodes", nodes, 1);
        Check.atLeast("processBytes", processBytes, 0);
        return processBytes + (long) Math.ceil(fileSetBytes * CLUSTER_CACHE_OVER_FILE_SET / nodes);
    }

    /** cpu.cfs_quota_us for {@link #cfsPeriodMicros} (at least 1 ms, the kernel's minimum). */
    public long cpuQuotaMicros() {
        return Math.max(1_000, Math.round(cpuCores * cfsPeriodMicros));
    }
}
