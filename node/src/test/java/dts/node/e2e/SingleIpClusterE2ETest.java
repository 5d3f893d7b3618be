package dts.node.e2e;

import dts.testbed.Testbed;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The single-IP cluster end to end: 4 nodes in namespaces share one VIP and MAC behind a hub;
 * 2,000+ real connections of every kind from the client namespace; every body byte-identical; most
 * connections handed off; and on the client's wire not one RST from the VIP nor a duplicate SYN-ACK.
 */
class SingleIpClusterE2ETest {
    private static final int NODES = 4;
    private static final int CONNECTIONS = 2_100;
    private static final int CONCURRENCY = 16;

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(value = Testbed.Backend.class, names = {"EMBEDDED", "NGINX"}) // NGINX_UNIX: HttpPlacementE2ETest
    void everyConnectionIsServedCorrectlyAndMostAreHandedOff(Testbed.Backend backend) throws Exception {
        TestDocroot docroot = TestDocroot.create(tmp.resolve("www"), 6);
        // hand-offs are what this test exercises: the nodes do not read files into their free memory
        // (the testbed's host has gigabytes free, so every node would soon serve every file where it lands)
        Path pools = java.nio.file.Files.writeString(tmp.resolve("pools.yaml"), "pools: { all: { replicate-into-free-memory: false } }\n");
        Testbed tb = Testbed.up(Testbed.Options.builder(tmp.resolve("state")).nodes(NODES)
                .docroot(docroot.dir()).backend(backend).configFile(pools).build());
        try {
            ClusterStatus.awaitConverged(tb, NODES, 10_000);
            ClusterTraffic traffic = new ClusterTraffic(tb.clientNamespace(), tb.vip(), tb.port(), docroot);
            WireAudit wire = new WireAudit(tb.clientNamespace(), tb.vip(), tb.port());
            try (wire) {
                traffic.run(CONNECTIONS, CONCURRENCY, 7);
            }
            List<Map<String, Object>> status = ClusterStatus.all(tb);
            long inspected = ClusterStatus.sum(status, "connections_inspected");
            long out = ClusterStatus.sum(status, "handoffs_out");
            long in = ClusterStatus.sum(status, "handoffs_in");
            System.out.printf("[%s] connections=%d requests=%d bytes=%d inspected=%d handoffs_out=%d in=%d returns_before_live=%d"
                            + " restores_after_exhume=%d wire: %s%n",
                    backend, traffic.connections.get(), traffic.requests.get(), traffic.bodyBytes.get(), inspected, out, in,
                    ClusterStatus.sum(status, "returns_before_live"), ClusterStatus.sum(status, "restores_after_exhume"), wire);

            assertEquals(List.of(), traffic.failureSample(), "failed requests");
            assertEquals(CONNECTIONS, traffic.connections.get());
            assertEquals(CONNECTIONS, inspected, "every connection inspected exactly once");
            assertEquals(out, in, "every hand-off out arrived");
            assertTrue(out >= 0.6 * CONNECTIONS, "hand-offs " + out + " of " + CONNECTIONS + " (expected >= 60%)");
            assertEquals(0, ClusterStatus.sum(status, "handoff_fallbacks"), () -> "fallbacks; the nodes' reasons: " + abortReasons(tb));
            assertEquals(0, ClusterStatus.sum(status, "commits_refused"), "COMMITs refused");
            long oneTrip = status.stream().mapToLong(st -> nested(st, "handoff_live_at_target_us").get("count").longValue()).sum();
            assertEquals(in, oneTrip, "every request's hand-off took one trip (the links knew their peers' clocks)");
            assertEquals(0, wire.dropped(), "capture dropped packets: " + wire);
            assertTrue(wire.synAcks() >= CONNECTIONS, "capture saw the handshakes: " + wire);
            assertEquals(0, wire.rstFromVip(), "RST segments from the VIP: " + wire);
            assertEquals(0, ClusterStatus.sum(status, "rsts_suppressed"), "RSTs the nodes tried to send (dropped on output)");
            assertEquals(0, wire.duplicateSynAcks(), "duplicate SYN-ACKs: " + wire);
            // /metrics agrees with /status (traffic is over, so the counters stand still)
            for (int i = 0; i < tb.nodes().size(); i++) {
                var n = tb.nodes().get(i);
                String m = ClusterStatus.metrics(n);
                Map<String, Object> st = status.get(i);
                assertEquals(((Number) st.get("handoffs_out")).doubleValue(),
                        ClusterStatus.sample(m, "dts_handoffs_total{direction=\"out\"}"), n.id() + " handoffs out");
                assertEquals(((Number) st.get("handoffs_in")).doubleValue(),
                        ClusterStatus.sample(m, "dts_handoffs_total{direction=\"in\"}"), n.id() + " handoffs in");
                assertEquals(((Number) st.get("connections_inspected")).doubleValue(),
                        ClusterStatus.sample(m, "dts_frontend_connections_total"), n.id() + " connections");
                @SuppressWarnings("unchecked")
                Map<String, Object> lat = (Map<String, Object>) st.get("handoff_latency_us");
                assertEquals(((Number) lat.get("count")).doubleValue(), ClusterStatus.sample(m, "dts_handoff_duration_seconds_count"),
                        n.id() + " hand-off histogram count");
                assertTrue(m.contains("\njvm_memory_used_bytes{"), n.id() + " exposes JVM metrics");
                sameAsStatus(m, "dts_http_responses_total", "code", nested(st, "responses_by_class"), n.id());
                sameAsStatus(m, "dts_requests_total", "pool", nested(st, "requests_by_pool"), n.id());
                sameAsStatus(m, "dts_rehandoffs_total", "reason", nested(st, "rehandoffs_by_reason"), n.id());
                for (String s : List.of("serving", "draining", "drained")) {
                    assertEquals(s.equals(st.get("state")) ? 1.0 : 0.0, ClusterStatus.sample(m, "dts_node_state{state=\"" + s + "\"}"),
                            n.id() + " state " + s);
                }
                for (String k : List.of("connections_left", "responses_cut", "responses_resumed", "resumes_failed")) {
                    assertEquals(((Number) st.get(k)).doubleValue(), ClusterStatus.sample(m, "dts_" + k + "_total"), n.id() + " " + k);
                }
            }
            // every request answered exactly once, by the node that served it, every response a 2xx
            long answered = status.stream().mapToLong(st -> total(nested(st, "requests_by_pool"))).sum();
            long twoXx = status.stream().mapToLong(st -> nested(st, "responses_by_class").get("2xx").longValue()).sum();
            long allResponses = status.stream().mapToLong(st -> total(nested(st, "responses_by_class"))).sum();
            assertEquals(traffic.requests.get(), answered, "requests by pool, summed over the nodes");
            assertEquals(traffic.requests.get(), twoXx, "2xx responses, summed over the nodes");
            assertEquals(twoXx, allResponses, "no response of another class");
            if (backend == Testbed.Backend.EMBEDDED) {
                assertEquals(Set.of("node1", "node2", "node3", "node4"), Set.copyOf(traffic.servedBy), "every node served");
            } else {
                assertTrue(ClusterStatus.sum(status, "bytes_spliced") > traffic.bodyBytes.get(), "bodies came through the splice relay");
            }
        } finally {
            tb.down();
        }
    }

    /** A map of counters in a node's status ({@code responses_by_class}, …). */
    @SuppressWarnings("unchecked")
    private static Map<String, Number> nested(Map<String, Object> status, String key) {
        return (Map<String, Number>) status.get(key);
    }

    private static long total(Map<String, Number> counters) {
        return counters.values().stream().mapToLong(Number::longValue).sum();
    }

    /** Each counter of a status map equals its sample {@code name{label="key"}}. */
    private static void sameAsStatus(String exposition, String name, String label, Map<String, Number> status, String node) {
        assertTrue(!status.isEmpty(), node + " " + name + ": status has counters");
        status.forEach((k, v) -> assertEquals(v.doubleValue(), ClusterStatus.sample(exposition, name + "{" + label + "=\"" + k + "\"}"),
                node + " " + name + " " + k));
    }

    /** The log lines in which a node says why it served a connection itself instead of moving it. */
    private static List<String> abortReasons(Testbed tb) {
        return tb.nodes().stream().flatMap(n -> {
            try {
                return Files.readAllLines(n.log()).stream().filter(l -> l.contains("serving locally") || l.contains("restore of hand-off")).map(l -> n.id() + ": " + l);
            } catch (IOException e) {
                return java.util.stream.Stream.of(n.id() + ": log unreadable: " + e);
            }
        }).toList();
    }
}
