package dts.node.e2e;

import dts.testbed.Testbed;
import dts.splicer.sys.Netns;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Content routing end to end: a 4-node cluster with three pools from a config file; responses come
 * from the pool the rules name; a reload under load moves a rule with no failed request; an invalid
 * file is refused and the old rules keep serving; keep-alive connections alternating between pools
 * are handed off again per request with every body intact.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ContentRoutingE2ETest {
    private static final String CLUSTER = "cluster: { vip: 198.18.0.10, port: 80, buckets: 4096, hash-seed: 0x5eed,"
            + " control-port: 7070, admin-port: 7071 }\n";
    private static final String POOLS = "pools:\n"
            + "  web: { nodes: [node1, node2], policy: locality }\n"
            + "  api: { nodes: [node3], policy: round-robin }\n"
            + "  big: { nodes: [node4], policy: least-connections }\n";
    private static final String RULES = "rules:\n"
            + "  - { match: { path-prefix: /t/f1024- }, pool: API_POOL }\n"
            + "  - { match: { path-regex: \"^/t/f4194304-\", method: GET }, pool: big }\n"
            + "  - { pool: web }\n";
    private static Path dir;
    private static Path rules;
    private static TestDocroot docroot;
    private static Testbed tb;

    @BeforeAll
    static void up() throws Exception {
        dir = Files.createTempDirectory("dts-routing");
        docroot = TestDocroot.create(dir.resolve("www"), 4);
        rules = dir.resolve("rules.yaml");
        writeRules("api");
        tb = Testbed.up(Testbed.Options.builder(dir.resolve("state")).nodes(4).docroot(docroot.dir()).configFile(rules).build());
        ClusterStatus.awaitConverged(tb, 4, 10_000);
    }

    @AfterAll
    static void down() {
        if (tb != null) tb.down();
    }

    private static void writeRules(String apiPool) throws Exception {
        Path tmp = dir.resolve("rules.yaml.tmp");
        Files.writeString(tmp, POOLS + RULES.replace("API_POOL", apiPool));
        Files.move(tmp, rules, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static Set<String> poolOf(String path, String apiPool) {
        if (path.startsWith("/t/f1024-")) return apiPool.equals("api") ? Set.of("node3") : Set.of("node1", "node2");
        if (path.startsWith("/t/f4194304-")) return Set.of("node4");
        return Set.of("node1", "node2");
    }

    /** One GET on a fresh connection from the client namespace; returns the serving node. */
    private static String get(String path) throws Exception {
        return Netns.call(tb.clientNamespace(), () -> {
            try (HttpProbe c = new HttpProbe(tb.vip(), tb.port(), 10_000)) {
                c.send("GET " + path + " HTTP/1.1\r\nHost: dts\r\nConnection: close\r\n\r\n");
                HttpProbe.Response r = c.read(false);
                if (r.status() != 200 || !Arrays.equals(r.body(), docroot.bytes(path))) {
                    throw new AssertionError(path + ": status " + r.status() + ", " + r.body().length + " bytes");
                }
                return r.header("x-dts-node");
            }
        });
    }

    @Test
    @Order(1)
    void responsesComeFromThePoolTheRulesName() throws Exception {
        for (String p : docroot.paths()) {
            String first = get(p);
            assertTrue(poolOf(p, "api").contains(first), p + " served by " + first);
            assertEquals(first, get(p), p + ": the same URL maps to the same node at low load");
        }
    }

    @Test
    @Order(2)
    void reloadUnderLoadMovesARuleWithoutFailedRequests() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger done = new AtomicInteger();
        List<String> paths = docroot.pathsUpTo(100 * 1024);
        Thread load = Thread.ofPlatform().start(() -> {
            for (int i = 0; running.get(); i++) {
                try {
                    get(paths.get(i % paths.size()));
                    done.incrementAndGet();
                } catch (Throwable t) {
                    failures.add(t.toString());
                }
            }
        });
        Thread.sleep(1_000);
        int before = done.get();
        writeRules("web");
        long deadline = System.currentTimeMillis() + 2_000;
        String api = "/t/f1024-0.bin";
        while (!Set.of("node1", "node2").contains(get(api))) {
            assertTrue(System.currentTimeMillis() < deadline, "the edited rule applied within 2 s");
            Thread.sleep(50);
        }
        Thread.sleep(1_000);
        running.set(false);
        load.join();
        assertEquals(List.of(), List.copyOf(failures), "failed requests during the reload");
        // a liveness check, not a speed target: a reload that stalled serving would leave this near 0
        assertTrue(done.get() - before >= 20, "load kept going through the reload (not stalled): " + (done.get() - before));
        for (Map<String, Object> s : ClusterStatus.all(tb)) assertEquals(null, s.get("last_reload_error"));
    }

    @Test
    @Order(3)
    void anInvalidFileIsRefusedAndTheOldRulesKeepServing() throws Exception {
        Files.writeString(rules, POOLS + "rules:\n  - { match: { path-prefx: /x }, pool: nowhere }\n");
        HttpClient http = HttpClient.newHttpClient();
        dts.node.admin.AdminAuth auth = new dts.node.admin.AdminAuth(
                dts.config.ClusterKey.load(Testbed.keyFile(dir.resolve("state"))));
        for (var n : tb.nodes()) {
            URI reload = URI.create("http://" + n.internalAddress() + ":7071/reload");
            HttpResponse<String> unsigned = http.send(HttpRequest.newBuilder(reload)
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, unsigned.statusCode(), n.id() + ": a reload without proof of the key is refused");
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(reload)
                    .header(dts.node.admin.AdminAuth.HEADER, auth.sign("POST", "/reload", System.currentTimeMillis() / 1000))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(422, r.statusCode(), n.id() + ": " + r.body());
            assertTrue(r.body().contains("path-prefx"), r.body());
        }
        for (String p : docroot.paths()) assertTrue(poolOf(p, "web").contains(get(p)), p);
        for (Map<String, Object> s : ClusterStatus.all(tb)) assertNotNull(s.get("last_reload_error"), "status shows the error");
        writeRules("api");
        Thread.sleep(1_500);
        assertEquals("node3", get("/t/f1024-1.bin"), "a valid file applies again");
    }

    @Test
    @Order(4)
    void keepAliveRequestsAlternatingBetweenPoolsAreHandedOffAgain() throws Exception {
        long before = ClusterStatus.sum(ClusterStatus.all(tb), "rehandoffs");
        List<String> seq = List.of("/t/f1024-0.bin", "/t/f100-0.bin", "/t/f1024-1.bin", "/t/f4194304-0.bin",
                "/t/f10240-1.bin", "/t/f1024-2.bin");
        Netns.call(tb.clientNamespace(), () -> {
            for (int round = 0; round < 10; round++) {
                try (HttpProbe c = new HttpProbe(tb.vip(), tb.port(), 10_000)) {
                    for (String p : seq) {
                        c.send("GET " + p + " HTTP/1.1\r\nHost: dts\r\n\r\n");
                        HttpProbe.Response r = c.read(false);
                        assertEquals(200, r.status(), p);
                        assertTrue(Arrays.equals(r.body(), docroot.bytes(p)), p + " body");
                        assertTrue(poolOf(p, "api").contains(r.header("x-dts-node")), p + " from " + r.header("x-dts-node"));
                    }
                    StringBuilder pipelined = new StringBuilder();
                    for (String p : seq) pipelined.append("GET ").append(p).append(" HTTP/1.1\r\nHost: dts\r\n\r\n");
                    c.send(pipelined.toString());
                    for (String p : seq) {
                        HttpProbe.Response r = c.read(false);
                        assertTrue(Arrays.equals(r.body(), docroot.bytes(p)), "pipelined " + p + " body");
                    }
                }
            }
            return null;
        });
        long after = ClusterStatus.sum(ClusterStatus.all(tb), "rehandoffs");
        assertTrue(after - before >= 50, "re-hand-offs: " + (after - before));
    }
}
