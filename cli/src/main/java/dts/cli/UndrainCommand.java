package dts.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code ./dts undrain NODE}: a drained (or draining) node serves again and gets its share of the buckets back. */
@Command(name = "undrain", description = "Put a drained NODE back in service.")
final class UndrainCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NODE", description = "the node to put back, e.g. node2")
    String node;

    @Option(names = "--state-dir", defaultValue = StateDir.DEFAULT, description = "testbed state directory (default: ${DEFAULT-VALUE})")
    Path stateDir;

    @Option(names = "--config", paramLabel = "FILE", description = "a cluster's config file (e.g. /etc/dts/dts.yaml) instead of the testbed's")
    Path config;

    @Override
    public Integer call() {
        AdminClient.Reply r = new AdminClient(StateDir.load(stateDir, config)).post(node, "/undrain");
        if (!r.ok()) {
            System.err.println("undrain " + node + " refused: " + r.text());
            return 1;
        }
        System.out.println(node + ": " + r.text());
        return 0;
    }
}
