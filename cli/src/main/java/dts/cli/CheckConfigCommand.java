package dts.cli;

import dts.config.ConfigException;
import dts.config.DtsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code ./dts check-config FILE}: validates a config file and prints the effective rules. */
@Command(name = "check-config", description = "Validate a config file and print the effective cluster, pools and rules.")
final class CheckConfigCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "config file (YAML)")
    Path file;

    @Override
    public Integer call() {
        try {
            DtsConfig c = DtsConfig.load(file);
            System.out.print(c.describe());
            return 0;
        } catch (ConfigException e) {
            System.err.println(file + ": invalid:\n" + e.getMessage());
            return 1;
        }
    }
}
