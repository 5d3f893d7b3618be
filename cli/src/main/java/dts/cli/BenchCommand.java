package dts.cli;

import picocli.CommandLine.Command;

/** {@code ./dts bench …}: benchmarks that print figures. */
@Command(name = "bench", description = "Benchmarks that print figures.", subcommands = {})
final class BenchCommand implements Runnable {
    @Override
    public void run() {
        picocli.CommandLine.usage(this, System.out);
    }
}
