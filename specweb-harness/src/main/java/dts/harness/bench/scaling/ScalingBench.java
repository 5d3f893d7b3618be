package dts.harness.bench.scaling;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dts.harness.HarnessException;
import dts.harness.bench.NodeStatus;
import dts.harness.resources.NodeResources;
import dts.harness.resources.ResourceLimits;
import dts.testbed.ProcessWrapper;
import dts.testbed.Testbed;
import dts.testbed.TestbedHooks;
import dts.testbed.TestbedLease;
import dts.testbed.TestbedNames;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * New connections per second through DTS with one inspector versus every node inspecting. Placement is
 * round-robin in both (serving is spread the same way; only who inspects differs). Each node (daemon and
 * backend) runs under the same CPU quota in its own cgroups; the client is wrk in dts-client.
 */
public final class ScalingBench {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final long NODE_MEMORY_BYTES = 768L << 20;
    private static final long CFS_PERIOD_MICROS = 10_000;
    private static final long SETTLE_MILLIS = 2_000;

    private record Points(@JsonProperty("points") List<ScalingPoint> points) {}

    private ScalingBench() {}

    public static List<ScalingPoint> run(ScalingPlan plan, PrintStream log) {
        List<ScalingPoint> points = new ArrayList<>();
        try (TestbedLease lease = TestbedLease.acquire()) {
            for (int n : plan.nodeCounts()) {
                ScalingPoint.Measured one = measure(plan, n, true, log);
                ScalingPoint.Measured all = measure(plan, n, false, log);
                ScalingPoint p = ScalingPoint.of(n, one, all);
                log.printf(Locale.ROOT, "%d nodes: one inspector %.0f conn/s, all inspect %.0f conn/s, ratio %.2f%n",
                        n, p.oneInspectorCps(), p.allInspectCps(), p.ratio());
                points.add(p);
                write(plan.outDir().resolve("scaling.json"), points);
            }
        }
        return List.copyOf(points);
    }

    private static ScalingPoint.Measured measure(ScalingPlan plan, int nodes, boolean oneInspector, PrintStream log) {
        Map<String, NodeResources> cgroups = new LinkedHashMap<>();
        ResourceLimits startup = new ResourceLimits(NODE_MEMORY_BYTES, 1.0, 0, CFS_PERIOD_MICROS); // JVM start-up is not measured
        ResourceLimits limits = new ResourceLimits(NODE_MEMORY_BYTES, plan.cpuCores(), 0, CFS_PERIOD_MICROS);
        try {
            for (int i = 1; i <= nodes; i++) {
                String id = TestbedNames.nodeId(i);
                cgroups.put(id, NodeResources.create(id, startup, plan.workDir()));
            }
            ProcessWrapper wrapper = (owner, cmd) -> cgroups.get(owner).wrap(cmd);
            Map<String, String> cluster = oneInspector ? Map.of("inspectors", "[node1]") : Map.of();
            Testbed tb = Testbed.up(Testbed.Options.builder(plan.workDir().resolve("state")).nodes(nodes).backend(plan.backend())
                    .configFile(roundRobin(plan.workDir())).hooks(TestbedHooks.NONE.withProcessWrapper(wrapper).withClusterKeys(cluster)
                            .withFloodOnlyToCluster(true)).build());
            try {
                String url = "http://" + tb.vip() + ":" + tb.port() + plan.path();
                // warm-up (JIT) on a whole core per node: compiling the hot paths is not what is measured
                if (plan.warmupMillis() > 0) WrkRun.run(tb.clientNamespace(), url, plan.threads(), plan.connections(), plan.warmupMillis());
                for (NodeResources r : cgroups.values()) r.setCpu(limits);
                Thread.sleep(SETTLE_MILLIS);
                Map<String, Long> throttledBefore = throttled(cgroups);
                MachineCpu before = MachineCpu.now();
                WrkRun r = WrkRun.run(tb.clientNamespace(), url, plan.threads(), plan.connections(), plan.durationMillis());
                double busy = MachineCpu.now().busySince(before);
                writeEvidence(plan, nodes, oneInspector, tb, cgroups, throttledBefore, r);
                log.printf(Locale.ROOT, "  %d nodes, %s: %.0f conn/s, machine busy %.0f %%, errors %d%n", nodes,
                        oneInspector ? "one inspector" : "all inspect", r.requestsPerSecond(), busy * 100, r.socketErrors() + r.non2xx());
                return new ScalingPoint.Measured(r.requestsPerSecond(), busy, r.socketErrors() + r.non2xx());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new HarnessException("interrupted", e);
            } finally {
                tb.down();
            }
        } finally {
            for (NodeResources r : cgroups.values()) r.remove();
        }
    }

    private static Map<String, Long> throttled(Map<String, NodeResources> cgroups) {
        Map<String, Long> m = new LinkedHashMap<>();
        cgroups.forEach((id, r) -> m.put(id, r.throttledPeriods()));
        return m;
    }

    /** outDir/evidence/&lt;N&gt;-nodes-&lt;mode&gt;.json: wrk's report, CPU-throttled periods per node, DTS counters. */
    private static void writeEvidence(ScalingPlan plan, int nodes, boolean oneInspector, Testbed tb,
                                      Map<String, NodeResources> cgroups, Map<String, Long> throttledBefore, WrkRun r) {
        var e = JSON.createObjectNode().put("nodes", nodes).put("mode", oneInspector ? "one-inspector" : "all-inspect")
                .put("cpu_cores_per_node", plan.cpuCores()).put("measured_ms", plan.durationMillis()).put("wrk", r.output());
        var t = e.putObject("cpu_throttled_periods");
        cgroups.forEach((id, res) -> t.put(id, res.throttledPeriods() - throttledBefore.get(id)));
        e.set("node_status", NodeStatus.fetch(tb.nodes()));
        Path f = plan.outDir().resolve("evidence").resolve(nodes + "-nodes-" + (oneInspector ? "one-inspector" : "all-inspect") + ".json");
        try {
            Files.createDirectories(f.getParent());
            Files.writeString(f, JSON.writeValueAsString(e) + "\n");
        } catch (IOException ex) {
            throw new HarnessException("cannot write " + f + ": " + ex.getMessage(), ex);
        }
    }

    private static Path roundRobin(Path workDir) {
        Path f = workDir.resolve("configs").resolve("scaling-round-robin.yaml");
        try {
            Files.createDirectories(f.getParent());
            Files.writeString(f, "pools:\n  all: { policy: round-robin }\n");
            return f;
        } catch (IOException e) {
            throw new HarnessException("cannot write " + f + ": " + e.getMessage(), e);
        }
    }

    static void write(Path file, List<ScalingPoint> points) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, JSON.writeValueAsString(new Points(points)) + "\n");
        } catch (IOException e) {
            throw new HarnessException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
