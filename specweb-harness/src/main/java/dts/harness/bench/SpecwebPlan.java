package dts.harness.bench;

import dts.harness.Check;
import dts.harness.HarnessException;
import dts.harness.client.ProgressMode;
import dts.harness.workload.Mix;
import dts.harness.workload.Workload;
import dts.testbed.Testbed;

import java.nio.file.Path;
import java.util.List;

/**
 * One {@code bench specweb} invocation: the same workload and resource model for every system, run one
 * after another, each from a cold page cache.
 *
 * @param nodes            nodes of the cluster (DTS and the proxies' backends); direct uses one of them
 * @param sessions         simultaneous user sessions (the file set is sized for them)
 * @param mix              the Support user, or back-to-back large downloads (the front end's byte capacity)
 * @param warmupMillis     unmeasured load first (JIT, connection setup), after which the page cache is
 *                         emptied again so the measured phase still starts cold; 0 = none
 * @param durationMillis   load phase of each system
 * @param drainMillis      how long requests still out at the end may take to finish
 * @param scale            file sizes and think times × this (1 = published SPECweb2005 values)
 * @param keepAliveMillis  server keep-alive timeout at full scale (scaled like think times); 0 = never
 * @param seed             file set and session walks
 * @param loadFactor       0: dts-locality uses policy locality (LARD, the product's default); >= 1: policy
 *                         bounded-hash with this factor (a node takes a request while it holds fewer than
 *                         loadFactor × the average in flight)
 * @param dtsBackend       what DTS nodes serve with: nginx (as the peers) or the embedded backend (which
 *                         also routes every request of a keep-alive connection, not only the first)
 * @param workDir          file sets (kept between runs), testbed state
 * @param outDir           results.json, report.html, charts, per-system node status and logs
 */
public record SpecwebPlan(int nodes, int sessions, Mix mix, long warmupMillis, long durationMillis, long drainMillis,
                          double scale, long keepAliveMillis, List<SystemName> systems, long seed, NodeModel model,
                          double loadFactor, Testbed.Backend dtsBackend, Path workDir, Path outDir, ProgressMode progress) {
    /** Apache httpd's default KeepAliveTimeout: an idle browser connection is closed after 5 s. */
    public static final long DEFAULT_KEEP_ALIVE_MILLIS = 5_000;

    public SpecwebPlan {
        Check.atLeast("nodes", nodes, 1);
        if (nodes > 64) throw new HarnessException("nodes: " + nodes + " (expected: <= 64)");
        Check.atLeast("sessions", sessions, 1);
        Check.notNull("mix", mix);
        Check.atLeast("warmupMillis", warmupMillis, 0);
        Check.atLeast("durationMillis", durationMillis, 1_000);
        Check.atLeast("drainMillis", drainMillis, 1_000);
        Check.inHalfOpen("scale", scale, 0.0, 1.0);
        Check.atLeast("keepAliveMillis", keepAliveMillis, 0);
        if (systems == null || systems.isEmpty()) throw new HarnessException("systems: none (expected: at least one of " + SystemName.allLabels() + ")");
        systems = List.copyOf(systems);
        Check.notNull("model", model);
        if (!(loadFactor == 0 || (loadFactor >= 1.0 && loadFactor <= 1000))) throw new HarnessException("loadFactor: " + loadFactor + " (expected: 0 or 1.0..1000)");
        Check.notNull("dtsBackend", dtsBackend);
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

    public static Builder builder(Path workDir, Path outDir) { return new Builder(workDir, outDir); }

    public SpecwebPlan withSystems(List<SystemName> s) { return toBuilder().systems(s).build(); }

    public SpecwebPlan withOutDir(Path dir) { return toBuilder().outDir(dir).build(); }

    public Builder toBuilder() {
        return new Builder(workDir, outDir).nodes(nodes).sessions(sessions).mix(mix).warmupMillis(warmupMillis)
                .durationMillis(durationMillis).drainMillis(drainMillis).scale(scale).keepAliveMillis(keepAliveMillis)
                .systems(systems).seed(seed).model(model).loadFactor(loadFactor).dtsBackend(dtsBackend).progress(progress);
    }

    /** Defaults: 4 nodes, 400 sessions, support mix, 10 s warm-up, 120 s, 30 s drain, scale 0.1, keep-alive 5 s, all systems. */
    public static final class Builder {
        private Path workDir;
        private Path outDir;
        private int nodes = 4;
        private int sessions = 400;
        private Mix mix = Mix.SUPPORT;
        private long warmupMillis = 10_000;
        private long durationMillis = 120_000;
        private long drainMillis = 30_000;
        private double scale = 0.1;
        private long keepAliveMillis = DEFAULT_KEEP_ALIVE_MILLIS;
        private List<SystemName> systems = List.of(SystemName.values());
        private long seed = 1;
        private NodeModel model = NodeModel.defaults();
        private double loadFactor = DtsPolicy.DEFAULT_LOAD_FACTOR;
        private Testbed.Backend dtsBackend = Testbed.Backend.NGINX;
        private ProgressMode progress = ProgressMode.AUTO;

        private Builder(Path workDir, Path outDir) {
            this.workDir = workDir;
            this.outDir = outDir;
        }

        public Builder outDir(Path v) { outDir = v; return this; }
        public Builder nodes(int v) { nodes = v; return this; }
        public Builder sessions(int v) { sessions = v; return this; }
        public Builder mix(Mix v) { mix = v; return this; }
        public Builder warmupMillis(long v) { warmupMillis = v; return this; }
        public Builder durationMillis(long v) { durationMillis = v; return this; }
        public Builder drainMillis(long v) { drainMillis = v; return this; }
        public Builder scale(double v) { scale = v; return this; }
        public Builder keepAliveMillis(long v) { keepAliveMillis = v; return this; }
        public Builder systems(List<SystemName> v) { systems = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder model(NodeModel v) { model = v; return this; }
        public Builder loadFactor(double v) { loadFactor = v; return this; }
        public Builder dtsBackend(Testbed.Backend v) { dtsBackend = v; return this; }
        public Builder progress(ProgressMode v) { progress = v; return this; }

        public SpecwebPlan build() {
            return new SpecwebPlan(nodes, sessions, mix, warmupMillis, durationMillis, drainMillis, scale, keepAliveMillis,
                    systems, seed, model, loadFactor, dtsBackend, workDir, outDir, progress);
        }
    }
}
