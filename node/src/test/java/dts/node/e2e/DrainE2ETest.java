package dts.node.e2e;

import dts.splicer.sys.Netns;
import dts.testbed.NodeHandle;
import dts.testbed.Testbed;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code drain node2} under load on both backends: connection-per-request clients, keep-alive clients
 * that sit idle between requests, and keep-alive downloads of node2's large files (1–4 MiB) at a slow reader (with nginx, those in progress are cut mid-body and continued by another node from its own web server). Every body is
 * byte-identical and no request fails; node2 ends with no client connection and owns no bucket, and
 * takes no new connection or hand-off until {@code undrain}, after which it inspects new connections again; the capture on
 * the client's interface sees no RST from the VIP and no SYN answered twice. Client retransmissions
 * during the drain are counted and printed (a move drops what arrives while the socket is frozen).
 */
class DrainE2ETest {
    private static final long DRAIN_TIMEOUT_MILLIS = 30_000;
    /** Between undrain and the next drain: with the drain itself, a cycle of about 2 s, out of step with SYN retries. */
    private static final long CYCLE_PAUSE_MILLIS = 1_500;
    private static final String BIG_PATH = "/t/big.bin";
    private static final int BIG_BYTES = 16 << 20;
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = Testbed.Backend.class, names = {"EMBEDDED", "NGINX"}) // NGINX_UNIX: HttpPlacementE2ETest
    void drainMovesEveryConnectionAndLosesNothing(Testbed.Backend backend) throws Exception {
        TestDocroot docroot = TestDocroot.create(dir.resolve("www"), 4);
        byte[] big = new byte[BIG_BYTES];
        new java.util.Random(7).nextBytes(big);
        Files.write(docroot.dir().resolve(BIG_PATH.substring(1)), big);
        Testbed tb = Testbed.up(Testbed.Options.builder(dir.resolve("state")).nodes(4).backend(backend).docroot(docroot.dir()).build());
        try (WireAudit wire = new WireAudit(tb.clientNamespace(), tb.vip(), tb.port())) {
            ClusterStatus.awaitConverged(tb, 4, 15_000);
            ClusterStatus.awaitServing(tb, List.of("node1", "node2", "node3", "node4"), 20_000);
            NodeHandle node2 = tb.nodes().get(1);
            List<String> small = docroot.pathsUpTo(100 << 10);
            List<String> node2Paths = small.stream().filter(p -> "node2".equals(servedBy(tb, p))).toList();
            assertTrue(!node2Paths.isEmpty(), "no path of " + small + " is served by node2");
            DrillLoad load = new DrillLoad(tb.clientNamespace(), tb.vip(), tb.port(), docroot, node2Paths, 4, 12, 20);
            DrillLoad others = new DrillLoad(tb.clientNamespace(), tb.vip(), tb.port(), docroot, small, 4, 4, 150);
            List<String> large = docroot.paths().stream().filter(p -> docroot.bytes(p).length >= 1 << 20).toList();
            List<String> largeOnNode2 = large.stream().filter(p -> "node2".equals(servedBy(tb, p))).toList();
            assertTrue(!largeOnNode2.isEmpty(), "no large file of " + large + " is served by node2");
            SlowDownloads slow = new SlowDownloads(tb, docroot, largeOnNode2, 3);
            try {
                awaitHolding(node2, 10_000);
                long retransBefore = tb.clientRetransmissions();
                long t0 = System.nanoTime();
                Map<String, Object> before = ClusterStatus.of(node2);
                System.out.println(backend + ": drain at " + System.currentTimeMillis() + " ms");
                assertEquals("200 draining", ClusterStatus.post(tb, node2, "/drain"));
                Map<String, Object> drained = awaitState(node2, "drained", DRAIN_TIMEOUT_MILLIS);
                long drainedAt = System.nanoTime();
                long retransDuring = tb.clientRetransmissions() - retransBefore;
                System.out.printf("%s: node2 drained in %d ms: %s connections held before, %s moved off while idle, retransmissions during: %d%n",
                        backend, (drainedAt - t0) / 1_000_000, before.get("active_connections"), drained.get("connections_left"), retransDuring);
                assertEquals(0, ((Number) drained.get("owned_buckets")).intValue(), "a drained node owns no bucket");

                assertTrue(((Number) drained.get("connections_left")).longValue() > 0, "idle connections moved off node2: " + drained);

                Thread.sleep(3_000); // still drained: nothing new reaches node2
                Map<String, Object> later = ClusterStatus.of(node2);
                assertEquals("drained", later.get("state"));
                assertEquals(drained.get("connections_inspected"), later.get("connections_inspected"), "node2 inspected a new connection while drained");
                assertEquals(drained.get("handoffs_in"), later.get("handoffs_in"), "node2 took a hand-off while drained");
                long servedWhileDrained = load.startedBetween(drainedAt, System.nanoTime()).stream().filter(r -> "node2".equals(r.node())).count();
                assertEquals(0, servedWhileDrained, "requests answered by node2 while drained");

                System.out.println(backend + ": undrain at " + System.currentTimeMillis() + " ms");
                assertEquals("200 serving", ClusterStatus.post(tb, node2, "/undrain"));
                ClusterStatus.awaitServing(tb, List.of("node2"), 20_000);
                awaitInspecting(node2, ((Number) later.get("connections_inspected")).longValue(), 15_000);

                // rebalancing: idle connections of the node holding the most move to another, under the same load
                NodeHandle busiest = tb.nodes().stream().max(java.util.Comparator.comparingInt(
                        n -> ((Number) ClusterStatus.of(n).get("active_connections")).intValue())).orElseThrow();
                NodeHandle to = tb.nodes().stream().filter(n -> n != busiest && n != node2).findFirst().orElseThrow();
                long leftBefore = ((Number) ClusterStatus.of(busiest).get("connections_left")).longValue();
                String moved = "";
                for (int i = 0; i < 20 && !moved.matches("200 moving [1-9].*"); i++) { // until one finds idle connections there
                    moved = ClusterStatus.post(tb, busiest, "/move/" + to.id() + "/1000");
                    assertTrue(moved.startsWith("200 moving "), moved);
                    Thread.sleep(100);
                }
                System.out.println(backend + ": move from " + busiest.id() + " to " + to.id() + ": " + moved);
                assertTrue(moved.matches("200 moving [1-9].*"), "idle connections moved: " + moved);
                assertTrue(((Number) ClusterStatus.of(busiest).get("connections_left")).longValue() > leftBefore, "moves counted");
                assertTrue(ClusterStatus.post(tb, busiest, "/move/" + busiest.id() + "/1").startsWith("422 "), "a move to itself is refused");
                Thread.sleep(1_000);
                for (int cycle = 0; cycle < 4; cycle++) { // more moves racing requests that arrive as a response completes
                    System.out.println(backend + ": drain at " + System.currentTimeMillis() + " ms");
                    assertEquals("200 draining", ClusterStatus.post(tb, node2, "/drain"));
                    awaitState(node2, "drained", DRAIN_TIMEOUT_MILLIS);
                    System.out.println(backend + ": undrain at " + System.currentTimeMillis() + " ms");
                    assertEquals("200 serving", ClusterStatus.post(tb, node2, "/undrain"));
                    ClusterStatus.awaitServing(tb, List.of("node2"), 20_000);
                    // Each drain and undrain hands node2's buckets over: a SYN that arrives in the few tens of ms
                    // between the old owner's release and the new owner's take is dropped, and the client sends it
                    // again 1 s later (Linux retries a SYN every second, tcp_syn_linear_timeouts). Cycles 1 s apart
                    // would put every retry of such a SYN into the next hand-over, so they are about 2 s apart.
                    Thread.sleep(CYCLE_PAUSE_MILLIS);
                }
                if (backend == Testbed.Backend.NGINX) drainMidBody(tb, big);
            } finally {
                load.close();
                others.close();
                slow.close();
            }
            List<DrillLoad.Request> failed = java.util.stream.Stream.concat(load.done.stream(), others.done.stream())
                    .filter(DrillLoad.Request::failed).toList();
            System.out.printf("%s: %d requests, %d slow large downloads; wire: %s%n", backend, load.done.size(), slow.completed(), wire);
            assertEquals(List.of(), failed, "failed requests");
            assertEquals(List.of(), slow.errors(), "slow downloads that failed or differ");
            assertTrue(slow.completed() >= 3, "slow downloads completed: " + slow.completed());
            assertEquals(0, wire.rstFromVip(), "RST from the VIP: " + wire);
            assertEquals(0, wire.duplicateSynAcks(), "SYNs answered twice: " + wire);
            assertEquals(0, wire.conflictingSynAcks(), "SYNs answered by two nodes: " + wire);
            assertEquals(0, wire.dropped(), "capture dropped packets: " + wire);
        } finally {
            tb.down();
        }
    }

    /**
     * A slow download of a file larger than the socket buffers, its node drained in the middle: the
     * local web server's response is cut mid-body and another node continues it from its own web
     * server (Range + If-Range); the client gets every byte, once, in order.
     */
    private static void drainMidBody(Testbed tb, byte[] big) throws Exception {
        Map<String, Object>[] result = new Map[1];
        String[] servedBy = new String[1];
        Thread reader = Thread.ofPlatform().start(() -> {
            Netns.enter(tb.clientNamespace());
            try (Socket s = new Socket()) {
                s.setReceiveBufferSize(64 << 10);
                s.setSoTimeout(10_000);
                s.connect(new InetSocketAddress(tb.vip(), tb.port()), 5_000);
                s.getOutputStream().write(("GET " + BIG_PATH + " HTTP/1.1\r\nHost: dts\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                InputStream in = s.getInputStream();
                StringBuilder head = new StringBuilder();
                while (!head.toString().endsWith("\r\n\r\n")) head.append((char) in.read());
                for (String line : head.toString().split("\r\n")) {
                    if (line.toLowerCase().startsWith("x-dts-node:")) servedBy[0] = line.substring(11).trim();
                }
                byte[] body = new byte[big.length];
                int got = 0;
                while (got < body.length) {
                    int n = in.read(body, got, Math.min(16 << 10, body.length - got));
                    if (n < 0) break;
                    got += n;
                    Thread.sleep(2);
                }
                result[0] = Map.of("got", got, "equal", Arrays.equals(body, big));
            } catch (Exception e) {
                result[0] = Map.of("error", String.valueOf(e));
            }
        });
        long deadline = System.currentTimeMillis() + 5_000;
        while (servedBy[0] == null && System.currentTimeMillis() < deadline) Thread.sleep(10);
        assertTrue(servedBy[0] != null, "the big download started");
        Thread.sleep(300);
        NodeHandle server = tb.nodes().stream().filter(n -> n.id().equals(servedBy[0])).findFirst().orElseThrow();
        assertEquals("200 draining", ClusterStatus.post(tb, server, "/drain"));
        reader.join(60_000);
        Map<String, Object> s = ClusterStatus.of(server);
        long resumed = ClusterStatus.sum(ClusterStatus.all(tb), "responses_resumed");
        System.out.printf("mid-body drain of %s: %s; cut %s, resumed %d, resumes failed %d%n", server.id(), result[0], s.get("responses_cut"),
                resumed, ClusterStatus.sum(ClusterStatus.all(tb), "resumes_failed"));
        assertEquals(Map.of("got", big.length, "equal", true), result[0], "the 16 MiB body, whole and byte-identical");
        assertTrue(((Number) s.get("responses_cut")).longValue() >= 1, "the response was cut mid-body at " + server.id());
        assertTrue(resumed >= 1, "and continued on another node");
        assertEquals(0, ClusterStatus.sum(ClusterStatus.all(tb), "resumes_failed"));
        assertEquals("200 serving", ClusterStatus.post(tb, server, "/undrain"));
    }

    /** The node that answers a GET of {@code path} (X-DTS-Node). */
    static String servedBy(Testbed tb, String path) {
        try {
            return Netns.call(tb.clientNamespace(), () -> {
                try (HttpProbe c = new HttpProbe(tb.vip(), tb.port(), 5_000)) {
                    c.send("GET " + path + " HTTP/1.1\r\nHost: dts\r\nConnection: close\r\n\r\n");
                    return c.read(false).header("x-dts-node");
                }
            });
        } catch (Exception e) {
            throw new IllegalStateException(path + ": " + e, e);
        }
    }

    static void awaitHolding(NodeHandle n, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (((Number) ClusterStatus.of(n).get("active_connections")).intValue() < 6) {
            assertTrue(System.currentTimeMillis() < deadline, n.id() + " holds no client connection to drain: " + ClusterStatus.of(n));
            Thread.sleep(100);
        }
    }

    private static Map<String, Object> awaitState(NodeHandle n, String state, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (true) {
            Map<String, Object> s = ClusterStatus.of(n);
            if (state.equals(s.get("state"))) return s;
            assertTrue(System.currentTimeMillis() < deadline, n.id() + " not " + state + " after " + timeoutMillis + " ms: "
                    + s.get("state") + ", left " + s.get("connection_states"));
            Thread.sleep(50);
        }
    }

    /** The node inspects new connections again (it owns buckets once more). */
    private static void awaitInspecting(NodeHandle n, long inspectedBefore, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (((Number) ClusterStatus.of(n).get("connections_inspected")).longValue() <= inspectedBefore) {
            assertTrue(System.currentTimeMillis() < deadline, n.id() + " takes no new connection after undrain");
            Thread.sleep(100);
        }
    }

    /** Keep-alive downloads of the largest files, read slowly (64 KiB every 10 ms), each body compared. */
    private static final class SlowDownloads implements AutoCloseable {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<Thread> threads = new ArrayList<>();
        private final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        private final ConcurrentLinkedQueue<String> done = new ConcurrentLinkedQueue<>();

        SlowDownloads(Testbed tb, TestDocroot docroot, List<String> large, int threadCount) {
            for (int i = 0; i < threadCount; i++) {
                threads.add(Thread.ofPlatform().daemon().name("slow-download-" + i).start(() -> {
                    Netns.enter(tb.clientNamespace());
                    while (running.get()) {
                        int lastPort = -1;
                        try (Socket s = new Socket()) {
                            s.setReceiveBufferSize(64 << 10);
                            s.setSoTimeout(10_000);
                            s.bind(null);
                            lastPort = s.getLocalPort();
                            s.connect(new InetSocketAddress(tb.vip(), tb.port()), 5_000);
                            for (int k = 0; k < 3 && running.get(); k++) {
                                String path = large.get(k % large.size());
                                String err = download(s, path, docroot.bytes(path));
                                if (err != null) {
                                    errors.add(err);
                                    break;
                                }
                                done.add(path);
                            }
                        } catch (IOException e) { // when and from which port (its SYN's bucket), to set beside the drains' times
                            errors.add(e + " (client port " + lastPort + ", at " + System.currentTimeMillis() + " ms)");
                        }
                    }
                }));
            }
        }

        private static String download(Socket s, String path, byte[] expected) throws IOException {
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: dts\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int c = in.read();
                if (c < 0) return path + ": closed in the head";
                head.append((char) c);
            }
            long length = -1;
            for (String line : head.toString().split("\r\n")) {
                if (line.toLowerCase().startsWith("content-length:")) length = Long.parseLong(line.substring(15).trim());
            }
            if (!head.toString().startsWith("HTTP/1.1 200") || length != expected.length) return path + ": " + head.toString().lines().findFirst().orElse("");
            byte[] body = new byte[expected.length];
            int got = 0;
            while (got < body.length) {
                int n = in.read(body, got, Math.min(64 << 10, body.length - got));
                if (n < 0) return path + ": closed after " + got + " of " + body.length + " body bytes";
                got += n;
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return path + ": interrupted";
                }
            }
            return Arrays.equals(body, expected) ? null : path + ": body differs";
        }

        int completed() { return done.size(); }

        List<String> errors() { return List.copyOf(errors); }

        @Override public void close() throws InterruptedException {
            running.set(false);
            for (Thread t : threads) t.join(30_000);
        }
    }
}
