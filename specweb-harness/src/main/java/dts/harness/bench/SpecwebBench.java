package dts.harness.bench;

import dts.harness.HarnessException;
import dts.harness.report.Report;
import dts.harness.result.ResultsFile;
import dts.harness.result.RunResult;
import dts.testbed.TestbedLease;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code ./dts bench specweb} and the demo: the file set once, then every system of the plan in turn
 * under the same workload and resource model, each from a cold page cache; results.json and the HTML
 * report in the plan's outDir. Holds the host's testbed lock for the whole run, so its cgroups and
 * testbeds never interleave with another process's.
 */
public final class SpecwebBench {
    /** Where the results went. */
    public record Outcome(List<RunResult> runs, Path resultsJson, Path reportHtml) {}

    private SpecwebBench() {}

    public static Outcome run(SpecwebPlan plan, PrintStream log) {
        Preconditions.requireRoot();
        List<RunResult> runs = new ArrayList<>();
        try (TestbedLease lease = TestbedLease.acquire()) {
            FileSetStore.Prepared files = FileSetStore.prepare(plan.workDir(), plan.workload(), plan.seed(), plan.nodes(), log);
            log.printf(Locale.ROOT, "file set %.1f MB (%d directories); per node: %.1f MB page cache (the file set is %.1f× one node's cache), "
                            + "%.2f cores, reads %.1f MB/s%n", files.totalBytes() / 1e6, plan.workload().directories(),
                    plan.model().cacheBytes(files.totalBytes(), plan.nodes()) / 1e6,
                    files.totalBytes() / (double) plan.model().cacheBytes(files.totalBytes(), plan.nodes()),
                    plan.model().cpuCores(), plan.model().readBytesPerSecond() / 1e6);
            Evidence.write(plan.outDir().resolve("plan.json"), Evidence.plan(plan, files));
            for (SystemName s : plan.systems()) {
                RunResult r = SystemRunner.run(plan, s, files, log);
                runs.add(r);
                log.print(SummaryTable.render(List.of(r)).lines().skip(1).findFirst().orElse("") + "\n");
                ResultsFile.write(plan.outDir().resolve("results.json"), runs); // partial results survive a later failure
            }
        }
        if (runs.isEmpty()) throw new HarnessException("systems: none ran");
        Path json = plan.outDir().resolve("results.json");
        ResultsFile.write(json, runs);
        return new Outcome(List.copyOf(runs), json, Report.write(plan.outDir(), runs));
    }
}
