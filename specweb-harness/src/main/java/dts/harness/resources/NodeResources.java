package dts.harness.resources;

import dts.harness.Check;
import dts.harness.HarnessException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One node's cgroups (v1 memory, cpu, cpuacct, blkio) modelling a separate machine: a memory limit that also
 * bounds its page cache, a CPU quota, and a read throttle on the disk holding its docroot. Processes
 * join with {@link #attach} or, race-free, by starting through {@link #wrap}. Disk reads come from
 * the blkio throttle counters (they count reads issued by the cgroup's processes, readahead included).
 *
 * <p>Fresh file sets are cached and charged to whoever wrote them: call {@link PageCache#dropAll()}
 * (global) or {@link PageCache#evict} per file before a measured run.
 */
public final class NodeResources {
    private final String node;
    private final CgroupLayout layout;
    private final BlockDevice disk;

    private NodeResources(String node, CgroupLayout layout, BlockDevice disk) {
        this.node = node;
        this.layout = layout;
        this.disk = disk;
    }

    /** Creates (or reuses) the node's cgroups in the default layout and applies {@code limits}. */
    public static NodeResources create(String node, ResourceLimits limits, Path docroot) {
        return create(node, limits, docroot, CgroupLayout.nestedInOwn());
    }

    public static NodeResources create(String node, ResourceLimits limits, Path docroot, CgroupLayout layout) {
        Check.notBlank("node", node);
        if (node.contains("/") || node.startsWith(".")) throw new HarnessException("node: '" + node + "' (expected: a plain name)");
        NodeResources r = new NodeResources(node, layout, BlockDevice.of(docroot));
        for (Controller c : Controller.values()) {
            Path dir = r.dir(c);
            CgroupFiles.requireExists(layout.base(c).getParent().resolve("cgroup.procs"));
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new HarnessException("create cgroup " + dir + ": " + e.getMessage(), e);
            }
        }
        CgroupFiles.write(r.dir(Controller.MEMORY).resolve("memory.limit_in_bytes"), Long.toString(limits.memoryBytes()));
        setCpu(r.dir(Controller.CPU), limits);
        r.setReadThrottle(limits.readBytesPerSecond());
        return r;
    }

    /**
     * Period and quota in an order the kernel accepts from any previous setting (a quota larger than
     * the new period is fine; the quota is lifted first so a shorter period never fails against it).
     */
    private static void setCpu(Path cpu, ResourceLimits limits) {
        CgroupFiles.write(cpu.resolve("cpu.cfs_quota_us"), "-1");
        CgroupFiles.write(cpu.resolve("cpu.cfs_period_us"), Long.toString(limits.cfsPeriodMicros()));
        CgroupFiles.write(cpu.resolve("cpu.cfs_quota_us"), Long.toString(limits.cpuQuotaMicros()));
    }

    /** Changes the CPU quota (and period) of the running node, e.g. tighter once its processes have started. */
    public void setCpu(ResourceLimits limits) {
        setCpu(dir(Controller.CPU), limits);
    }

    public String node() { return node; }

    /** nr_throttled from cpu.stat: CFS periods in which the node hit its quota. */
    public long throttledPeriods() {
        for (String line : CgroupFiles.read(dir(Controller.CPU).resolve("cpu.stat")).split("\n")) {
            if (line.startsWith("nr_throttled ")) return Long.parseLong(line.substring(13).trim());
        }
        return 0;
    }

    /** CPU time the node's processes used since its cgroup was made (cpuacct.usage), nanoseconds. */
    public long cpuUsageNanos() { return CgroupFiles.readLong(dir(Controller.CPUACCT).resolve("cpuacct.usage")); }

    /** The disk whose reads are throttled and counted. */
    public BlockDevice disk() { return disk; }

    public Path dir(Controller c) { return layout.dir(c, node); }

    /** Moves process {@code pid} (all its threads) into the node's cgroups. */
    public void attach(long pid) {
        Check.atLeast("pid", pid, 1);
        for (Controller c : Controller.values()) CgroupFiles.write(dir(c).resolve("cgroup.procs"), Long.toString(pid));
    }

    /** {@code command} prefixed so that it joins this node's cgroups before it execs (no read escapes). */
    public List<String> wrap(List<String> command) {
        StringBuilder script = new StringBuilder();
        for (Controller c : Controller.values()) script.append("echo $$ > '").append(dir(c).resolve("cgroup.procs")).append("' && ");
        List<String> out = new ArrayList<>(List.of("/bin/sh", "-c", script.append("exec \"$@\"").toString(), "dts-" + node));
        out.addAll(command);
        return out;
    }

    /** Bytes read from the node's disk by its processes (sum of "Read" in blkio.throttle.io_service_bytes). */
    public long diskReadBytes() {
        Path recursive = dir(Controller.BLKIO).resolve("blkio.throttle.io_service_bytes_recursive");
        Path file = Files.exists(recursive) ? recursive : dir(Controller.BLKIO).resolve("blkio.throttle.io_service_bytes");
        long sum = 0;
        for (String line : CgroupFiles.read(file).split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 3 && f[1].equals("Read")) sum += Long.parseLong(f[2]);
        }
        return sum;
    }

    public long memoryLimitBytes() { return CgroupFiles.readLong(dir(Controller.MEMORY).resolve("memory.limit_in_bytes")); }

    /** Page cache charged to the node now ({@code cache} in memory.stat). */
    public long pageCacheBytes() { return memoryStat("cache"); }

    /** One counter of memory.stat ({@code cache}, {@code rss}, {@code mapped_file}, …), bytes. */
    public long memoryStat(String key) {
        for (String line : CgroupFiles.read(dir(Controller.MEMORY).resolve("memory.stat")).split("\n")) {
            if (line.startsWith(key + " ")) return Long.parseLong(line.substring(key.length() + 1).trim());
        }
        throw new HarnessException(dir(Controller.MEMORY).resolve("memory.stat") + ": no '" + key + "' line");
    }

    /** Everything charged to the node now (memory.usage_in_bytes: processes, page cache, kernel memory). */
    public long memoryUsageBytes() { return CgroupFiles.readLong(dir(Controller.MEMORY).resolve("memory.usage_in_bytes")); }

    /** Changes the memory limit (page-aligned up); lowering it below the usage makes the kernel reclaim page cache. */
    public void setMemoryLimit(long bytes) {
        Check.atLeast("bytes", bytes, 1L << 20);
        CgroupFiles.write(dir(Controller.MEMORY).resolve("memory.limit_in_bytes"), Long.toString((bytes + 4095) & ~4095L));
    }

    public long cpuQuotaMicros() { return CgroupFiles.readLong(dir(Controller.CPU).resolve("cpu.cfs_quota_us")); }

    /** Sets the disk read throttle, bytes per second; 0 removes it. */
    public void setReadThrottle(long bytesPerSecond) {
        Check.atLeast("bytesPerSecond", bytesPerSecond, 0);
        Path throttle = dir(Controller.BLKIO).resolve("blkio.throttle.read_bps_device");
        // writing 0 removes a rule; kernels reject "0" for a device without one, so only clear what exists
        if (bytesPerSecond > 0) CgroupFiles.write(throttle, disk + " " + bytesPerSecond);
        else if (CgroupFiles.read(throttle).contains(disk + " ")) CgroupFiles.write(throttle, disk + " 0");
    }

    /** The blkio read throttle rules, e.g. {@code "254:0 10485760"}. */
    public String readThrottle() { return CgroupFiles.read(dir(Controller.BLKIO).resolve("blkio.throttle.read_bps_device")).trim(); }

    /** Process ids in the node's memory cgroup. */
    public List<Long> pids() {
        List<Long> pids = new ArrayList<>();
        for (String s : CgroupFiles.read(dir(Controller.MEMORY).resolve("cgroup.procs")).split("\n")) {
            if (!s.isBlank()) pids.add(Long.parseLong(s.trim()));
        }
        return pids;
    }

    /** Removes the node's cgroups (its processes must have exited; retries briefly while they are reaped). */
    public void remove() {
        for (Controller c : Controller.values()) Rmdir.withRetry(dir(c));
        for (Controller c : Controller.values()) Rmdir.ifEmpty(layout.base(c));
    }
}
