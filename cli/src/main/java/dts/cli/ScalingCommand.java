package dts.cli;

import dts.harness.bench.scaling.ScalingBench;
import dts.harness.bench.scaling.ScalingPlan;
import dts.harness.bench.scaling.ScalingPoint;
import dts.testbed.Testbed;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code ./dts bench scaling --nodes 2,4,8}: connection throughput, one inspector vs every node inspecting. */
@Command(name = "scaling", description = "New connections per second with one inspector vs every node inspecting "
        + "(each node under the same CPU quota); prints the ratio per node count and writes scaling.json.")
final class ScalingCommand implements Callable<Integer> {
    @Option(names = "--nodes", defaultValue = "2,4,8", description = "node counts (default: ${DEFAULT-VALUE})")
    String nodes;

    @Option(names = "--cpu-cores", defaultValue = "0.15", description = "CPU quota per node (default: ${DEFAULT-VALUE})")
    double cpuCores;

    @Option(names = "--duration", defaultValue = "15s", description = "measured load per configuration (default: ${DEFAULT-VALUE})")
    String duration;

    @Option(names = "--warmup", defaultValue = "10s", description = "unmeasured load first, a whole core per node (default: ${DEFAULT-VALUE})")
    String warmup;

    @Option(names = "--connections", defaultValue = "256", description = "wrk connections (default: ${DEFAULT-VALUE})")
    int connections;

    @Option(names = "--backend", defaultValue = "nginx", description = "embedded | nginx | nginx_unix (nginx on its Unix socket) (default: ${DEFAULT-VALUE})")
    Testbed.Backend backend;

    @Option(names = "--out", description = "directory for scaling.json (default: /var/lib/dts/results/scaling-<time>)")
    Path out;

    @Option(names = "--work-dir", defaultValue = BenchDirs.WORK, description = "testbed state (default: ${DEFAULT-VALUE})")
    Path workDir;

    @Override
    public Integer call() throws Exception {
        List<Integer> counts = Arrays.stream(nodes.split(",")).map(String::strip).filter(s -> !s.isEmpty()).map(Integer::valueOf).toList();
        Path dir = out != null ? out : BenchDirs.defaultOut("scaling");
        Files.createDirectories(workDir);
        ScalingPlan plan = new ScalingPlan(counts, cpuCores, Durations.parseMillis("--warmup", warmup),
                Durations.parseMillis("--duration", duration), connections, 2, backend, "/files/1KiB.bin", workDir, dir);
        List<ScalingPoint> points = ScalingBench.run(plan, System.err);
        System.out.printf("%-6s %18s %16s %7s%n", "nodes", "one_inspector_cps", "all_inspect_cps", "ratio");
        for (ScalingPoint p : points) {
            System.out.printf(Locale.ROOT, "%-6d %18.0f %16.0f %7.2f%n", p.nodes(), p.oneInspectorCps(), p.allInspectCps(), p.ratio());
        }
        System.out.println("results: " + dir.resolve("scaling.json"));
        return 0;
    }
}
