package dts.harness.bench;

import dts.harness.HarnessException;
import dts.harness.resources.NodeResources;
import dts.harness.resources.ResourceLimits;
import dts.testbed.ProcessWrapper;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * The cgroups of one system's run: one per node and one for the front proxy (if any), created before the
 * testbed starts its processes (they join through {@link #wrapper()}), removed after it is down.
 * Disk reads are counted from a baseline taken just before the load starts.
 */
final class NodeCgroups implements AutoCloseable {
    private final Map<String, NodeResources> byOwner = new LinkedHashMap<>();
    private final Map<String, Long> baselineReadBytes = new LinkedHashMap<>();
    private final Map<String, Long> baselineThrottled = new LinkedHashMap<>();
    private final Map<String, Long> baselineCpuNanos = new LinkedHashMap<>();

    /** @param limits owner (node1…, front) → limits; {@code disk} any path on the docroots' disk */
    static NodeCgroups create(Map<String, ResourceLimits> limits, Path disk) {
        NodeCgroups c = new NodeCgroups();
        try {
            limits.forEach((owner, l) -> c.byOwner.put(owner, NodeResources.create(owner, l, disk)));
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** Prefixes a process's command so that it joins its owner's cgroups before it execs. */
    ProcessWrapper wrapper() {
        return (owner, command) -> {
            NodeResources r = byOwner.get(owner);
            if (r == null) throw new HarnessException("no cgroup for '" + owner + "' (have: " + byOwner.keySet() + ")");
            return r.wrap(command);
        };
    }

    NodeResources of(String owner) { return byOwner.get(owner); }

    /** Disk bytes each listed owner read since its cgroup was made (e.g. during a warm-up). */
    Map<String, Long> diskReadBytesSinceStart(List<String> owners) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (String o : owners) m.put(o, byOwner.get(o).diskReadBytes());
        return m;
    }

    /** One memory.stat counter (or usage, for "usage") of every owner. */
    Map<String, Long> memory(String key) {
        Map<String, Long> m = new LinkedHashMap<>();
        byOwner.forEach((o, r) -> m.put(o, key.equals("usage") ? r.memoryUsageBytes() : r.memoryStat(key)));
        return m;
    }

    void markBaseline() {
        byOwner.forEach((o, r) -> {
            baselineReadBytes.put(o, r.diskReadBytes());
            baselineThrottled.put(o, r.throttledPeriods());
            baselineCpuNanos.put(o, r.cpuUsageNanos());
        });
    }

    /** Disk bytes read by each listed owner since {@link #markBaseline()}. */
    Map<String, Long> diskReadBytes(List<String> owners) {
        return sinceBaseline(owners, baselineReadBytes, NodeResources::diskReadBytes);
    }

    /** CFS periods in which each owner hit its CPU quota since the baseline. */
    Map<String, Long> throttledPeriods() {
        return sinceBaseline(byOwner.keySet(), baselineThrottled, NodeResources::throttledPeriods);
    }

    /** CPU time each owner's processes used since the baseline, milliseconds. */
    Map<String, Long> cpuUsedMillis() {
        Map<String, Long> m = sinceBaseline(byOwner.keySet(), baselineCpuNanos, NodeResources::cpuUsageNanos);
        m.replaceAll((o, nanos) -> nanos / 1_000_000);
        return m;
    }

    /** One counter of each of {@code owners} less its value at {@link #markBaseline()}. */
    private Map<String, Long> sinceBaseline(Iterable<String> owners, Map<String, Long> baseline, ToLongFunction<NodeResources> counter) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (String o : owners) m.put(o, counter.applyAsLong(byOwner.get(o)) - baseline.getOrDefault(o, 0L));
        return m;
    }

    @Override
    public void close() {
        HarnessException first = null;
        for (NodeResources r : byOwner.values()) {
            try {
                r.remove();
            } catch (HarnessException e) {
                if (first == null) first = e;
            }
        }
        byOwner.clear();
        if (first != null) throw first;
    }
}
