package dts.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code ./dts drain NODE}: takes a node out of service without a client noticing. The node stops
 * taking new connections and requests, gives its buckets to the others, and moves every client
 * connection it holds to them; this command reports progress and returns when the node holds none
 * (exit 0), or after {@code --timeout} listing what is left (exit 1). {@code ./dts undrain NODE} puts it back.
 */
@Command(name = "drain", description = "Move every client connection off NODE and stop sending it new ones (undo with: undrain NODE).")
final class DrainCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NODE", description = "the node to drain, e.g. node2")
    String node;

    @Option(names = "--timeout", defaultValue = "60", paramLabel = "SECONDS", description = "give up waiting after this long (default: ${DEFAULT-VALUE})")
    int timeoutSeconds;

    @Mixin
    ClusterOptions cluster;

    @Override
    public Integer call() throws InterruptedException {
        AdminClient admin = cluster.admin();
        AdminClient.Reply r = admin.post(node, "/drain");
        if (!r.ok()) {
            System.err.println("drain " + node + " refused: " + r.text());
            return 1;
        }
        long start = System.nanoTime();
        long deadline = start + timeoutSeconds * 1_000_000_000L;
        Object lastLeft = null;
        while (true) {
            Map<String, Object> s = admin.status(node);
            if (s != null && "drained".equals(s.get("state"))) {
                System.out.printf("%s drained in %.1f s (%s connections moved off while idle)%n", node,
                        (System.nanoTime() - start) / 1e9, s.get("connections_left"));
                return 0;
            }
            Object left = s == null ? "?" : s.get("active_connections");
            if (!left.equals(lastLeft)) {
                System.out.println(node + ": " + (s == null ? "no answer" : s.get("state") + ", " + left + " client connections left"));
                lastLeft = left;
            }
            if (System.nanoTime() > deadline) {
                System.err.println("drain " + node + ": not drained after " + timeoutSeconds + " s; left: "
                        + (s == null ? "unknown (no answer)" : s.get("connection_states")) + " (it keeps draining; ./dts undrain " + node + " to stop)");
                return 1;
            }
            Thread.sleep(200);
        }
    }
}
