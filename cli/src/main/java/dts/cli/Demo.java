package dts.cli;

import dts.harness.bench.SpecwebBench;
import dts.harness.bench.SpecwebPlan;
import dts.harness.bench.SummaryTable;
import dts.harness.bench.SystemName;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * {@code ./dts demo}: a short run of all five systems (4 nodes, the SPECweb2005 Support workload at
 * scale 0.1) under the benchmark's resource model, one table at the end. Sized to finish in under ten
 * minutes on two cores, file set generation included; {@code ./dts bench specweb} runs longer.
 */
final class Demo {
    static final int NODES = 4;
    static final int SESSIONS = 250;
    static final long WARMUP_MILLIS = 25_000;
    static final long DURATION_MILLIS = 40_000;
    static final long DRAIN_MILLIS = 10_000;
    static final double SCALE = 0.1;

    private Demo() {}

    static SpecwebPlan plan(Path out) {
        return SpecwebPlan.builder(Path.of(BenchDirs.WORK), out).nodes(NODES).sessions(SESSIONS).warmupMillis(WARMUP_MILLIS)
                .durationMillis(DURATION_MILLIS).drainMillis(DRAIN_MILLIS).scale(SCALE).build();
    }

    static int run(PrintStream out) throws Exception {
        SpecwebPlan plan = plan(BenchDirs.defaultOut("demo"));
        out.printf("DTS demo: %d sessions of the SPECweb2005 Support workload (scale %.1f), %d s each, against "
                + "%s on %d nodes (per node: %.2f cores, %.0f MB/s disk reads, 1/%d of 1.25× the file set as page cache)%n",
                plan.sessions(), plan.scale(), plan.durationMillis() / 1000, SystemName.allLabels(), plan.nodes(),
                plan.model().cpuCores(), plan.model().readBytesPerSecond() / 1e6, plan.nodes());
        SpecwebBench.Outcome o = SpecwebBench.run(plan, System.err);
        out.println();
        out.print(SummaryTable.render(o.runs()));
        out.println();
        out.println("qos_failed/downl: downloads slower than 99,000 B/s / all downloads; disk_read_MB: read from disk by all nodes;"
                + " cpu_ms/req: CPU time of all the system's nodes and its front proxy per request");
        out.println("results: " + o.resultsJson());
        out.println("report:  " + o.reportHtml());
        return 0;
    }
}
