package dts.cli;

import picocli.CommandLine.Command;

/** {@code ./dts bench …}: benchmarks that print figures. */
@Command(name = "bench", description = "Benchmarks that print figures.",
        subcommands = {SpecwebCommand.class, ScalingCommand.class, ClusterBench.class, DownloadsBench.class, DrillsBench.class, DrainBench.class, MidBodyBench.class})
final class BenchCommand implements Runnable {
    @Override
    public void run() {
        picocli.CommandLine.usage(this, System.out);
    }
}
