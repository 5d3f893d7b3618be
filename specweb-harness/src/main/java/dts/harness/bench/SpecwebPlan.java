package dts.harness.bench;

import dts.harness.Check;
import dts.harness.HarnessException;
import dts.harness.client.ProgressMode;
import dts.harness.workload.Workload;

import java.nio.file.Path;
import java.util.List;

/**
 * One {@code bench specweb} invocation: the same workload and resource model for every system, run one
 * after another, each from a cold page cache.
 *
 * @param nodes            nodes of the cluster (DTS and the proxies' backends); direct uses one of them
 * @param sessions         simultaneous user sessions (the file set is sized for them)
 * @param warmupMillis     unmeasured load first (JIT, connection setup), after which the page cache is
 *                         emptied again so the measured phase still starts cold; 0 = none
 * @param durationMillis   load phase of each system
 * @param drainMillis      how long requests still out at the end may take to finish
 * @param scale            file sizes and think times × this (1 = published SPECweb2005 values)
 * @param keepAliveMillis  server keep-alive timeout at full scale (scaled like think times); 0 = never
 * @param seed             file set and session walks
 * @param workDir          file sets (kept between runs), testbed state
 * @param outDir           results.json, report.html, charts, per-system node status and logs
 */
public record SpecwebPlan(int nodes, int sessions, long warmupMillis, long durationMillis, long drainMillis, double scale,
                          long keepAliveMillis, List<SystemName> systems, long seed, NodeModel model,
                          Path workDir, Path outDir, ProgressMode progress) {
    /** Apache httpd's default KeepAliveTimeout: an idle browser connection is closed after 5 s. */
    public static final long DEFAULT_KEEP_ALIVE_MILLIS = 5_000;

    public SpecwebPlan {
        Check.atLeast("nodes", nodes, 1);
        if (nodes > 64) throw new HarnessException("nodes: " + nodes + " (expected: <= 64)");
        Check.atLeast("sessions", sessions, 1);
        Check.atLeast("warmupMillis", warmupMillis, 0);
        Check.atLeast("durationMillis", durationMillis, 1_000);
        Check.atLeast("drainMillis", drainMillis, 1_000);
        Check.inHalfOpen("scale", scale, 0.0, 1.0);
        Check.atLeast("keepAliveMillis", keepAliveMillis, 0);
        if (systems == null || systems.isEmpty()) throw new HarnessException("systems: none (expected: at least one of " + SystemName.allLabels() + ")");
        systems = List.copyOf(systems);
        Check.notNull("model", model);
        Check.notNull("workDir", workDir);
        Check.notNull("outDir", outDir);
        Check.notNull("progress", progress);
        workDir = workDir.toAbsolutePath();
        outDir = outDir.toAbsolutePath();
    }

    public Workload workload() { return Workload.of(sessions).withScale(scale); }

    /** The keep-alive timeout the client applies: scaled like the think times, at least 1 ms when set. */
    public long scaledKeepAliveMillis() {
        return keepAliveMillis == 0 ? 0 : Math.max(1, Math.round(keepAliveMillis * scale));
    }

    public SpecwebPlan withSystems(List<SystemName> s) {
        return new SpecwebPlan(nodes, sessions, warmupMillis, durationMillis, drainMillis, scale, keepAliveMillis, s, seed, model, workDir, outDir, progress);
    }

    public SpecwebPlan withOutDir(Path dir) {
        return new SpecwebPlan(nodes, sessions, warmupMillis, durationMillis, drainMillis, scale, keepAliveMillis, systems, seed, model, workDir, dir, progress);
    }
}
