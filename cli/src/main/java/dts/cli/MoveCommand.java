package dts.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/**
 * {@code ./dts move --from A --to B [--count N]}: moves up to N idle keep-alive client connections of
 * node A to node B (rebalancing; A keeps its buckets). Busy connections are left where they are.
 */
@Command(name = "move", description = "Move idle client connections from one node to another (A keeps its buckets).")
final class MoveCommand implements Callable<Integer> {
    @Option(names = "--from", required = true, paramLabel = "NODE", description = "the node whose connections move")
    String from;

    @Option(names = "--to", required = true, paramLabel = "NODE", description = "the node that takes them")
    String to;

    @Option(names = "--count", defaultValue = "1000000", paramLabel = "N", description = "at most this many (default: all idle ones)")
    int count;

    @Mixin
    ClusterOptions cluster;

    @Override
    public Integer call() {
        AdminClient admin = cluster.admin();
        admin.node(to);
        AdminClient.Reply r = admin.post(from, "/move/" + to + "/" + count);
        if (!r.ok()) {
            System.err.println("move from " + from + " refused: " + r.text());
            return 1;
        }
        System.out.println(from + ": " + r.text());
        return 0;
    }
}
