package dts.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code ./dts undrain NODE}: a drained (or draining) node serves again and gets its share of the buckets back. */
@Command(name = "undrain", description = "Put a drained NODE back in service.")
final class UndrainCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NODE", description = "the node to put back, e.g. node2")
    String node;

    @Mixin
    ClusterOptions cluster;

    @Override
    public Integer call() {
        AdminClient.Reply r = cluster.admin().post(node, "/undrain");
        if (!r.ok()) {
            System.err.println("undrain " + node + " refused: " + r.text());
            return 1;
        }
        System.out.println(node + ": " + r.text());
        return 0;
    }
}
