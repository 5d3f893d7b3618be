package dts.cli;

import dts.config.ConfigException;
import dts.config.DtsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code ./dts reload}: every node re-reads the config file; an invalid file changes nothing. */
@Command(name = "reload", description = "Re-read the config file on every node (invalid files are refused).")
final class ReloadCommand implements Callable<Integer> {
    @Option(names = "--state-dir", defaultValue = StateDir.DEFAULT, description = "testbed state directory (default: ${DEFAULT-VALUE})")
    Path stateDir;

    @Override
    public Integer call() {
        DtsConfig current;
        try {
            current = DtsConfig.load(StateDir.config(stateDir));
        } catch (ConfigException e) {
            System.err.println("reload refused: " + e.getMessage());
            return 1;
        }
        List<String> errors = new AdminClient(current).reload();
        if (errors.isEmpty()) {
            System.out.println("reloaded config " + current.version() + " on " + current.nodes().size() + " nodes");
            return 0;
        }
        errors.forEach(e -> System.err.println("reload failed: " + e));
        return 1;
    }
}
