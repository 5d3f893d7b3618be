package dts.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./dts}: every subcommand of the launcher. */
@Command(name = "dts", mixinStandardHelpOptions = true,
        description = "DTS: a distributed TCP-splicing load balancer for single-IP web clusters.",
        subcommands = {TestbedCommand.class, StatusCommand.class, ReloadCommand.class, CheckConfigCommand.class,
                DemoCommand.class, BenchCommand.class})
public final class Main implements Runnable {
    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
