package dts.harness.bench;

import dts.harness.Check;
import dts.harness.resources.ResourceLimits;

import java.util.List;

/**
 * The resource model: every node (its nginx and, for DTS, its daemon) is a small machine in its own
 * cgroups; the single front-end proxy of the peers gets one node's CPU. The page cache a node may hold
 * is the same for every system: its share of {@code cacheOverFileSet} × the file set. The memory limit is
 * set once the node's processes run: their measured footprint + {@code processHeadroomBytes} + that
 * share, so a node with a JVM daemon gets more memory than an nginx-only node, but not more cache.
 *
 * @param cpuCores             CPU quota of each node and of the front proxy (cores, e.g. 0.25)
 * @param cfsPeriodMicros      CFS period of that quota (short: a throttled node waits less, as a slow CPU would)
 * @param readBytesPerSecond   disk read throttle per node (blkio, on the docroots' disk)
 * @param cacheOverFileSet     the cluster's page caches together hold this × the file set (1.25: 4 nodes
 *                             each hold 31 % of it, so the file set is 3.2× one node's cache)
 * @param processHeadroomBytes room above the measured footprint for growth under load (buffers, sockets)
 * @param startupMemoryBytes   memory limit while the processes start (before their footprint is known)
 */
public record NodeModel(double cpuCores, long cfsPeriodMicros, long readBytesPerSecond, double cacheOverFileSet,
                        long processHeadroomBytes, long startupMemoryBytes) {
    private static final long MIB = 1L << 20;
    /**
     * The daemons' JVM: a fixed heap touched at start, so the footprint measured after start stays put;
     * and the client compiler only (the product's default, packaging/dts-node@.service): with C2, a
     * quarter-core node was still compiling after 90 s of load (45 of its ~130 millicores), its
     * cgroup throttled in ~1,700 of 9,000 periods and every pause stretched by the quota; C1 only:
     * 1 millicore compiling, ~290 throttled periods, request p99 117 → 8.6 ms (docs/BENCHMARKS.md).
     */
    public static final List<String> DAEMON_JVM_OPTIONS = List.of("-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1");

    /**
     * The daemons' data-path event loops ({@code cluster.io-threads}): one, as HAProxy's {@code nbthread 1} and
     * nginx's {@code worker_processes 1} on the same quarter core; a second loop only adds wake-ups and
     * context switches there (docs/BENCHMARKS.md, issue 8, eighth stop).
     */
    public static final int IO_THREADS = 1;

    /**
     * The daemons' JVM options for this run: {@link #DAEMON_JVM_OPTIONS}, or the space-separated
     * options of the environment variable {@code DTS_BENCH_DAEMON_JVM_OPTIONS} (for experiments; the
     * evidence records which were used).
     */
    public static List<String> daemonJvmOptions() {
        String env = System.getenv("DTS_BENCH_DAEMON_JVM_OPTIONS");
        return env == null || env.isBlank() ? DAEMON_JVM_OPTIONS : List.of(env.trim().split("\\s+"));
    }

    public NodeModel {
        Check.inHalfOpen("cpuCores", cpuCores, 0.0, 64.0);
        Check.atLeast("cfsPeriodMicros", cfsPeriodMicros, 1_000);
        Check.atLeast("readBytesPerSecond", readBytesPerSecond, 0);
        Check.inHalfOpen("cacheOverFileSet", cacheOverFileSet, 0.0, 100.0);
        Check.atLeast("processHeadroomBytes", processHeadroomBytes, 0);
        Check.atLeast("startupMemoryBytes", startupMemoryBytes, 64 * MIB);
    }

    /** The documented defaults (docs/BENCHMARKS.md). */
    public static NodeModel defaults() {
        return new NodeModel(0.25, 10_000, 2_000_000, 1.25, 64 * MIB, 1024 * MIB);
    }

    public NodeModel withCpuCores(double v) {
        return new NodeModel(v, cfsPeriodMicros, readBytesPerSecond, cacheOverFileSet, processHeadroomBytes, startupMemoryBytes);
    }

    public NodeModel withCacheOverFileSet(double v) {
        return new NodeModel(cpuCores, cfsPeriodMicros, readBytesPerSecond, v, processHeadroomBytes, startupMemoryBytes);
    }

    public NodeModel withReadBytesPerSecond(long v) {
        return new NodeModel(cpuCores, cfsPeriodMicros, v, cacheOverFileSet, processHeadroomBytes, startupMemoryBytes);
    }

    /** Page cache one node of a {@code nodes}-node cluster may hold for a file set of {@code fileSetBytes}. */
    public long cacheBytes(long fileSetBytes, int nodes) {
        Check.atLeast("nodes", nodes, 1);
        return (long) Math.ceil(fileSetBytes * cacheOverFileSet / nodes);
    }

    /** Limits while a node's processes start (JVM start-up is not what is measured): a whole core, memory not yet tight. */
    public ResourceLimits startupLimits() {
        return new ResourceLimits(startupMemoryBytes, Math.max(1.0, cpuCores), readBytesPerSecond, cfsPeriodMicros);
    }

    /** The measured limits of a node, memory aside: the model's CPU quota and disk read throttle. */
    public ResourceLimits runLimits(long memoryBytes) {
        return new ResourceLimits(memoryBytes, cpuCores, readBytesPerSecond, cfsPeriodMicros);
    }

    /** The memory limit of a node whose processes use {@code processBytes}: + headroom + its cache share. */
    public long nodeMemoryBytes(long processBytes, long fileSetBytes, int nodes) {
        return processBytes + processHeadroomBytes + cacheBytes(fileSetBytes, nodes);
    }

    /** The front proxy: one node's CPU; it caches no files, so memory is not what limits it. */
    public ResourceLimits frontLimits() {
        return new ResourceLimits(startupMemoryBytes, cpuCores, 0, cfsPeriodMicros);
    }
}
