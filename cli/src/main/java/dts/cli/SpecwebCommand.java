package dts.cli;

import dts.harness.bench.NodeModel;
import dts.harness.bench.SpecwebBench;
import dts.harness.bench.SpecwebPlan;
import dts.harness.bench.SummaryTable;
import dts.harness.bench.SystemName;
import dts.harness.workload.Mix;
import dts.testbed.Testbed;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code ./dts bench specweb}: the SPECweb2005-Support-style comparison of the five systems. */
@Command(name = "specweb", description = "SPECweb2005 Support workload against dts-locality, dts-rr, haproxy, nginx-proxy and direct, "
        + "one after another under the same per-node resource model; writes results.json and report.html.")
final class SpecwebCommand implements Callable<Integer> {
    @Option(names = "--sessions", defaultValue = "250", description = "simultaneous sessions (default: ${DEFAULT-VALUE})")
    int sessions;

    @Option(names = "--duration", defaultValue = "120s", description = "load phase per system, e.g. 90s, 5m (default: ${DEFAULT-VALUE})")
    String duration;

    @Option(names = "--warmup", defaultValue = "60s", description = "unmeasured load first, disk unthrottled, after the cold start (default: ${DEFAULT-VALUE})")
    String warmup;

    @Option(names = "--drain", defaultValue = "30s", description = "time for requests still out at the end (default: ${DEFAULT-VALUE})")
    String drain;

    @Option(names = "--nodes", defaultValue = "4", description = "cluster nodes (default: ${DEFAULT-VALUE})")
    int nodes;

    @Option(names = "--systems", defaultValue = "dts-locality,dts-rr,haproxy,nginx-proxy,direct",
            description = "comma-separated, in run order (default: ${DEFAULT-VALUE})")
    String systems;

    @Option(names = "--scale", defaultValue = "0.1", description = "file sizes and think times × this; 1 = published (default: ${DEFAULT-VALUE})")
    double scale;

    @Option(names = "--keep-alive", defaultValue = "5s", description = "server keep-alive timeout at full scale, 0 = never (default: ${DEFAULT-VALUE})")
    String keepAlive;

    @Option(names = "--cpu-cores", description = "CPU quota per node and for the front proxy (default: the model's)")
    Double cpuCores;

    @Option(names = "--read-mb-per-s", description = "disk read throttle per node, MB/s (default: the model's)")
    Double readMegabytesPerSecond;

    @Option(names = "--mix", defaultValue = "support", description = "support | large-downloads (default: ${DEFAULT-VALUE})")
    String mix;

    @Option(names = "--dts-backend", defaultValue = "nginx", description = "nginx | embedded: what DTS nodes serve with (default: ${DEFAULT-VALUE})")
    Testbed.Backend dtsBackend;

    @Option(names = "--cache-over-file-set", description = "the cluster's page caches hold this × the file set (default: the model's 1.25)")
    Double cacheOverFileSet;

    @Option(names = "--load-factor", defaultValue = "0",
            description = "0: dts-locality uses policy locality (LARD); >= 1: policy bounded-hash with this factor (default: ${DEFAULT-VALUE})")
    double loadFactor;

    @Option(names = "--seed", defaultValue = "1")
    long seed;

    @Option(names = "--out", description = "results directory (default: /var/lib/dts/results/specweb-<time>)")
    Path out;

    @Option(names = "--work-dir", defaultValue = BenchDirs.WORK, description = "file sets and testbed state (default: ${DEFAULT-VALUE})")
    Path workDir;

    @Override
    public Integer call() {
        SpecwebBench.Outcome o = SpecwebBench.run(plan(), System.err);
        System.out.print(SummaryTable.render(o.runs()));
        System.out.println("results: " + o.resultsJson());
        System.out.println("report:  " + o.reportHtml());
        return 0;
    }

    SpecwebPlan plan() {
        NodeModel model = NodeModel.defaults();
        if (cpuCores != null) model = model.withCpuCores(cpuCores);
        if (cacheOverFileSet != null) model = model.withCacheOverFileSet(cacheOverFileSet);
        if (readMegabytesPerSecond != null) model = model.withReadBytesPerSecond(Math.round(readMegabytesPerSecond * 1e6));
        return SpecwebPlan.builder(workDir, out != null ? out : BenchDirs.defaultOut("specweb")).nodes(nodes).sessions(sessions)
                .mix(Mix.of(mix)).warmupMillis(Durations.parseMillis("--warmup", warmup))
                .durationMillis(Durations.parseMillis("--duration", duration)).drainMillis(Durations.parseMillis("--drain", drain))
                .scale(scale).keepAliveMillis(Durations.parseMillis("--keep-alive", keepAlive)).systems(SystemName.parseList(systems))
                .seed(seed).model(model).loadFactor(loadFactor).dtsBackend(dtsBackend).build();
    }
}
