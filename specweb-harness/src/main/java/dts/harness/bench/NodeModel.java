package dts.harness.bench;

import dts.harness.Check;
import dts.harness.resources.ResourceLimits;

/**
 * The resource model: every node (its nginx and, for DTS, its daemon) is a small machine in its own
 * cgroups; the single front-end proxy of the peers gets one node's CPU. The page cache a node may hold
 * is the same for every system: its share of {@code cacheOverFileSet} × the file set; the memory limit
 * adds what that node's own processes need, so a DTS node (JVM daemon + nginx) gets a higher limit than
 * an nginx-only node but not more cache.
 *
 * @param cpuCores           CPU quota of each node and of the front proxy (cores, e.g. 0.25)
 * @param cfsPeriodMicros    CFS period of that quota (short: a throttled node waits less)
 * @param readBytesPerSecond disk read throttle per node (blkio, on the docroots' disk)
 * @param cacheOverFileSet   the cluster's page caches together hold this × the file set (1.25: 4 nodes
 *                           each hold 31 % of it, so the file set is 3.2× one node's cache)
 * @param daemonBytes        memory allowance of a DTS daemon (JVM heap, metaspace, buffers)
 * @param nginxBytes         memory allowance of one nginx (backend or proxy; buffers included)
 */
public record NodeModel(double cpuCores, long cfsPeriodMicros, long readBytesPerSecond, double cacheOverFileSet,
                        long daemonBytes, long nginxBytes) {
    private static final long MIB = 1L << 20;

    public NodeModel {
        Check.inHalfOpen("cpuCores", cpuCores, 0.0, 64.0);
        Check.atLeast("cfsPeriodMicros", cfsPeriodMicros, 1_000);
        Check.atLeast("readBytesPerSecond", readBytesPerSecond, 0);
        Check.inHalfOpen("cacheOverFileSet", cacheOverFileSet, 0.0, 100.0);
        Check.atLeast("daemonBytes", daemonBytes, 0);
        Check.atLeast("nginxBytes", nginxBytes, 0);
    }

    /** The documented defaults (docs/BENCHMARKS.md): 0.25 core per 10 ms, 16 MB/s reads, 1.25× cache. */
    public static NodeModel defaults() {
        return new NodeModel(0.25, 10_000, 16_000_000, 1.25, 320 * MIB, 48 * MIB);
    }

    public NodeModel withCpuCores(double v) { return new NodeModel(v, cfsPeriodMicros, readBytesPerSecond, cacheOverFileSet, daemonBytes, nginxBytes); }

    public NodeModel withReadBytesPerSecond(long v) { return new NodeModel(cpuCores, cfsPeriodMicros, v, cacheOverFileSet, daemonBytes, nginxBytes); }

    /** Page cache one node of a {@code nodes}-node cluster may hold for a file set of {@code fileSetBytes}. */
    public long cacheBytes(long fileSetBytes, int nodes) {
        Check.atLeast("nodes", nodes, 1);
        return (long) Math.ceil(fileSetBytes * cacheOverFileSet / nodes);
    }

    /** Limits of one node: its cache share plus its processes (nginx, and the daemon for DTS). */
    public ResourceLimits nodeLimits(long fileSetBytes, int nodes, boolean runsDaemon) {
        long memory = pageAlign(cacheBytes(fileSetBytes, nodes) + nginxBytes + (runsDaemon ? daemonBytes : 0));
        return new ResourceLimits(memory, cpuCores, readBytesPerSecond, cfsPeriodMicros);
    }

    /** Limits of the front proxy: one node's CPU, memory for the proxy only (it caches no files). */
    public ResourceLimits frontLimits() {
        return new ResourceLimits(pageAlign(daemonBytes + nginxBytes), cpuCores, 0, cfsPeriodMicros);
    }

    private static long pageAlign(long bytes) {
        return (bytes + 4095) & ~4095L;
    }
}
