package dts.cli;

import dts.cli.preflight.PreflightCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./dts}: every subcommand of the launcher. */
@Command(name = "dts", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT, // --help on every subcommand
        description = "DTS: a distributed TCP-splicing load balancer for single-IP web clusters.",
        subcommands = {TestbedCommand.class, StatusCommand.class, ReloadCommand.class, DrainCommand.class, UndrainCommand.class, MoveCommand.class, CheckConfigCommand.class,
                DemoCommand.class, BenchCommand.class, NodeCommand.class, PreflightCommand.class, KeygenCommand.class})
public final class Main implements Runnable {
    /** Exit status of a command that failed in an expected way (no cluster, a bad file, a refused request). */
    static final int FAILED = 1;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /**
     * The command line with its error convention: a failure prints one line, {@code dts COMMAND: what
     * went wrong}, to stderr and exits {@link #FAILED}; the stack trace only with DTS_DEBUG=1.
     */
    static CommandLine commandLine() {
        return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    if (System.getenv("DTS_DEBUG") != null) e.printStackTrace(cmd.getErr());
                    cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + oneLine(e));
                    return FAILED;
                });
    }

    private static String oneLine(Throwable e) {
        Throwable t = e;
        while ((t.getMessage() == null || t.getMessage().isBlank()) && t.getCause() != null) t = t.getCause();
        String m = t.getMessage() == null || t.getMessage().isBlank() ? t.getClass().getSimpleName() : t.getMessage();
        return m.lines().findFirst().orElse(m);
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
