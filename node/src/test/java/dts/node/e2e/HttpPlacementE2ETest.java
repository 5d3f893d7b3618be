package dts.node.e2e;

import dts.testbed.Testbed;
import dts.splicer.sys.Netns;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every request placed by the rules, on both backends: keep-alive and pipelined sequences that
 * alternate between three pools (large files among them) are answered in order, each response by a
 * node of its rule's pool (X-DTS-Node) and byte-identical; HEAD and 304 carry no body; a request with
 * a body pins its connection and is still answered; the wire shows no RST from the VIP and no second
 * SYN-ACK.
 */
class HttpPlacementE2ETest {
    private static final String CONFIG = "pools:\n"
            + "  web: { nodes: [node1, node2], policy: locality }\n"
            + "  api: { nodes: [node3], policy: round-robin }\n"
            + "  big: { nodes: [node4], policy: least-connections }\n"
            + "rules:\n"
            + "  - { match: { path-prefix: /t/f1024- }, pool: api }\n"
            + "  - { match: { path-prefix: /t/f4194304- }, pool: big }\n"
            + "  - { pool: web }\n";

    @TempDir
    Path tmp;

    private static Set<String> poolOf(String path) {
        if (path.startsWith("/t/f1024-")) return Set.of("node3");
        if (path.startsWith("/t/f4194304-")) return Set.of("node4");
        return Set.of("node1", "node2");
    }

    @ParameterizedTest
    @EnumSource(Testbed.Backend.class)
    void everyRequestIsServedByItsPool(Testbed.Backend backend) throws Exception {
        TestDocroot docroot = TestDocroot.create(tmp.resolve("www"), 3);
        Path rules = tmp.resolve("rules.yaml");
        Files.writeString(rules, CONFIG);
        Testbed tb = Testbed.up(Testbed.Options.builder(tmp.resolve("state")).nodes(4).docroot(docroot.dir())
                .backend(backend).configFile(rules).build());
        try {
            ClusterStatus.awaitConverged(tb, 4, 10_000);
            List<String> seq = List.of("/t/f1024-0.bin", "/t/f100-0.bin", "/t/f4194304-1.bin", "/t/f1024-1.bin",
                    "/t/f1048576-2.bin", "/t/f10240-1.bin", "/t/f4194304-0.bin", "/t/f102400-2.bin");
            List<String> failures = new ArrayList<>();
            WireAudit wire = new WireAudit(tb.clientNamespace(), tb.vip(), tb.port());
            try (wire) {
                Netns.call(tb.clientNamespace(), () -> {
                    for (int round = 0; round < 8; round++) {
                        try (HttpProbe c = new HttpProbe(tb.vip(), tb.port(), 10_000)) {
                            for (String p : seq) {
                                c.send("GET " + p + " HTTP/1.1\r\nHost: dts\r\n\r\n");
                                check(failures, "keep-alive " + p, c.read(false), 200, docroot.bytes(p), poolOf(p));
                            }
                            StringBuilder pipelined = new StringBuilder();
                            for (String p : seq) pipelined.append("GET ").append(p).append(" HTTP/1.1\r\nHost: dts\r\n\r\n");
                            c.send(pipelined.toString());
                            for (String p : seq) check(failures, "pipelined " + p, c.read(false), 200, docroot.bytes(p), poolOf(p));
                            String p = seq.get(round % seq.size());
                            c.send("HEAD " + p + " HTTP/1.1\r\nHost: dts\r\n\r\n");
                            HttpProbe.Response head = c.read(true);
                            check(failures, "HEAD " + p, head, 200, new byte[0], poolOf(p));
                            if (!String.valueOf(docroot.bytes(p).length).equals(head.header("content-length"))) {
                                failures.add("HEAD " + p + ": content-length " + head.header("content-length"));
                            }
                            String lastModified = head.header("last-modified");
                            c.send("GET " + p + " HTTP/1.1\r\nHost: dts\r\nIf-Modified-Since: " + lastModified + "\r\n\r\n");
                            check(failures, "conditional " + p, c.read(false), 304, new byte[0], poolOf(p));
                            c.send("GET /t/f100-1.bin HTTP/1.1\r\nHost: dts\r\n\r\n");
                            check(failures, "after 304", c.read(false), 200, docroot.bytes("/t/f100-1.bin"), poolOf("/t/f100-1.bin"));
                        }
                    }
                    // a body pins the connection where it is; it is answered all the same (static servers refuse POST)
                    try (HttpProbe c = new HttpProbe(tb.vip(), tb.port(), 10_000)) {
                        c.send("POST /t/f100-0.bin HTTP/1.1\r\nHost: dts\r\nContent-Length: 5\r\n\r\nhello");
                        HttpProbe.Response r = c.read(false);
                        if (r.status() != 405) failures.add("POST: status " + r.status());
                    }
                    return null;
                });
            }
            List<Map<String, Object>> status = ClusterStatus.all(tb);
            System.out.printf("[%s] rehandoffs=%d fallbacks=%d wire: %s%n", backend, ClusterStatus.sum(status, "rehandoffs"),
                    ClusterStatus.sum(status, "handoff_fallbacks"), wire);
            assertEquals(List.of(), failures.subList(0, Math.min(10, failures.size())), failures.size() + " failures");
            assertTrue(ClusterStatus.sum(status, "rehandoffs") >= 8 * 8, "connections moved between requests");
            assertEquals(0, wire.rstFromVip(), "RST from the VIP: " + wire);
            assertEquals(0, ClusterStatus.sum(status, "rsts_suppressed"), "RSTs the nodes tried to send (dropped on output)");
            assertEquals(0, wire.duplicateSynAcks(), "duplicate SYN-ACKs: " + wire);
            assertEquals(0, ClusterStatus.sum(status, "handoff_fallbacks"), "fallbacks");
        } finally {
            tb.down();
        }
    }

    private static void check(List<String> failures, String what, HttpProbe.Response r, int status, byte[] body, Set<String> pool) {
        String node = r.header("x-dts-node");
        if (r.status() != status) failures.add(what + ": status " + r.status());
        else if (!Arrays.equals(r.body(), body)) failures.add(what + ": " + r.body().length + " bytes (expected " + body.length + ")");
        else if (!pool.contains(node)) failures.add(what + ": served by " + node + " (expected one of " + pool + ")");
    }
}
