package dts.cli;

import dts.testbed.Testbed;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code ./dts bench cluster}: the single-IP core's figures. A 4-node cluster and a 1-node "direct"
 * setup (the same daemon and backend, nothing to hand off) each serve 1 KiB and 1 MiB files to ab
 * from the client namespace, one new connection per request; then the hand-off latency the nodes
 * measured (inspector decision until the target reports the socket live).
 */
@Command(name = "cluster", description = "Connection rate and latency of the 4-node cluster vs one node; hand-off latency.")
final class ClusterBench implements Callable<Integer> {
    @Option(names = "--requests", defaultValue = "12000", description = "requests per 1 KiB run (default: ${DEFAULT-VALUE})")
    int requests;

    @Option(names = "--concurrency", defaultValue = "16", description = "ab concurrency (default: ${DEFAULT-VALUE})")
    int concurrency;

    @Option(names = "--backend", defaultValue = "embedded", description = "embedded | nginx (default: ${DEFAULT-VALUE})")
    Testbed.Backend backend;

    @Option(names = "--state-dir", defaultValue = StateDir.DEFAULT, description = "state directory (default: ${DEFAULT-VALUE})")
    Path stateDir;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        out.printf("%-10s %-9s %9s %8s %9s %9s %9s%n", "setup", "file", "conn/s", "failed", "p50_ms", "p99_ms", "max_ms");
        for (int nodes : new int[] {4, 1}) {
            Testbed tb = Testbed.up(Testbed.Options.builder(stateDir).nodes(nodes).backend(backend).build());
            try {
                String setup = nodes == 1 ? "1 node" : nodes + " nodes";
                String base = "http://" + tb.vip() + "/files/";
                AbRun.run(tb.clientNamespace(), base + "1KiB.bin", 2000, concurrency); // warm-up
                for (String file : List.of("1KiB.bin", "1MiB.bin")) {
                    int n = file.startsWith("1KiB") ? requests : Math.max(500, requests / 6);
                    AbRun r;
                    try {
                        r = AbRun.run(tb.clientNamespace(), base + file, n, concurrency);
                    } catch (java.io.IOException e) {
                        out.printf("%-10s %-9s ab did not finish: %s%n", setup, file, e.getMessage().lines().reduce((a, b) -> b).orElse(""));
                        continue;
                    }
                    out.printf("%-10s %-9s %9.0f %8d %9.1f %9.1f %9.1f%n", setup, file, r.requestsPerSecond(),
                            r.failed() + r.non2xx(), r.p50Millis(), r.p99Millis(), r.maxMillis());
                }
                if (nodes > 1) printHandoffs(out, tb);
            } finally {
                tb.down();
            }
        }
        return 0;
    }

    @SuppressWarnings("unchecked")
    private static void printHandoffs(PrintStream out, Testbed tb) throws Exception {
        long total = 0;
        for (var n : tb.nodes()) {
            Map<String, Object> s = TestbedStatus.of(n);
            Map<String, Object> lat = (Map<String, Object>) s.get("handoff_latency_us");
            total += ((Number) s.get("handoffs_out")).longValue();
            out.printf("  %s: inspected=%s handoffs_out=%s fallbacks=%s head_timeouts=%s bad=%s live=%s latency_us p50=%s p99=%s max=%s (n=%s)%n",
                    n.id(), s.get("connections_inspected"), s.get("handoffs_out"), s.get("handoff_fallbacks"), s.get("head_timeouts"),
                    s.get("bad_requests"), s.get("live_nodes"), lat.get("p50"), lat.get("p99"), lat.get("max"), lat.get("count"));
        }
        out.println("  hand-offs in this run: " + total);
    }
}
