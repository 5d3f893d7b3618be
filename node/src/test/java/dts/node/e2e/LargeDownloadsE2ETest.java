package dts.node.e2e;

import dts.testbed.Testbed;
import dts.splicer.sys.Netns;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Large bodies through moved connections, where a hand-off source that answers for a flow it no
 * longer holds resets the transfer mid-body: 1,000 sequential HTTP/1.0 downloads of 1 MiB (one
 * connection each, so almost every one is handed off while the client is ACKing a fast stream), then
 * keep-alive connections downloading 1 and 4 MiB files in turn (re-hand-offs between large responses
 * on the embedded backend). Every body's SHA-256 must match, and the client's wire must show not one
 * RST from the VIP nor a duplicate SYN-ACK.
 */
class LargeDownloadsE2ETest {
    private static final int NODES = 4;
    private static final int SEQUENTIAL = 1_000;
    private static final int KEEPALIVE_CONNECTIONS = 40;
    private static final int REQUESTS_PER_CONNECTION = 5;
    private static final int KEEPALIVE_THREADS = 4;

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(value = Testbed.Backend.class, names = {"EMBEDDED", "NGINX"}) // NGINX_UNIX: HttpPlacementE2ETest
    void largeDownloadsAreNeverResetOrCut(Testbed.Backend backend) throws Exception {
        TestDocroot docroot = TestDocroot.create(tmp.resolve("www"), 2);
        List<String> oneMiB = docroot.paths().stream().filter(p -> docroot.bytes(p).length == 1 << 20).toList();
        List<String> large = docroot.paths().stream().filter(p -> docroot.bytes(p).length >= 1 << 20).toList();
        // hand-offs are what this test exercises: the nodes do not read files into their free memory
        // (the testbed's host has gigabytes free, so every node would soon serve every file where it lands)
        Path pools = java.nio.file.Files.writeString(tmp.resolve("pools.yaml"), "pools: { all: { replicate-into-free-memory: false } }\n");
        Testbed tb = Testbed.up(Testbed.Options.builder(tmp.resolve("state")).nodes(NODES)
                .docroot(docroot.dir()).backend(backend).configFile(pools).build());
        try {
            ClusterStatus.awaitConverged(tb, NODES, 10_000);
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            AtomicInteger bodies = new AtomicInteger();
            WireAudit wire = new WireAudit(tb.clientNamespace(), tb.vip(), tb.port());
            try (wire) {
                ExecutorService one = Executors.newSingleThreadExecutor(inNamespace(tb));
                one.execute(() -> {
                    for (int i = 0; i < SEQUENTIAL; i++) {
                        String p = oneMiB.get(i % oneMiB.size());
                        try (HttpProbe c = new HttpProbe(tb.vip(), tb.port(), 15_000)) {
                            c.send("GET " + p + " HTTP/1.0\r\n\r\n");
                            check(docroot, p, c.read(false), failures, "sequential #" + i);
                            bodies.incrementAndGet();
                        } catch (Exception e) {
                            failures.add("sequential #" + i + " " + p + ": " + e);
                        }
                    }
                });
                one.shutdown();
                assertTrue(one.awaitTermination(5, TimeUnit.MINUTES), "sequential downloads finished");

                ExecutorService pool = Executors.newFixedThreadPool(KEEPALIVE_THREADS, inNamespace(tb));
                for (int k = 0; k < KEEPALIVE_CONNECTIONS; k++) {
                    int conn = k;
                    pool.execute(() -> {
                        try (HttpProbe c = new HttpProbe(tb.vip(), tb.port(), 15_000)) {
                            for (int r = 0; r < REQUESTS_PER_CONNECTION; r++) {
                                String p = large.get((conn + r * 3) % large.size());
                                c.send("GET " + p + " HTTP/1.1\r\nHost: dts\r\n\r\n");
                                check(docroot, p, c.read(false), failures, "keep-alive #" + conn + "." + r);
                                bodies.incrementAndGet();
                            }
                        } catch (Exception e) {
                            failures.add("keep-alive #" + conn + ": " + e);
                        }
                    });
                }
                pool.shutdown();
                assertTrue(pool.awaitTermination(5, TimeUnit.MINUTES), "keep-alive downloads finished");
            }
            List<Map<String, Object>> status = ClusterStatus.all(tb);
            System.out.printf("[%s] bodies=%d handoffs_out=%d rehandoffs=%d flows_released=%d wire: %s%n", backend, bodies.get(),
                    ClusterStatus.sum(status, "handoffs_out"), ClusterStatus.sum(status, "rehandoffs"),
                    ClusterStatus.sum(status, "flows_released"), wire);
            List<String> sample = new ArrayList<>(failures);
            assertEquals(List.of(), sample.subList(0, Math.min(10, sample.size())), "failed downloads (" + failures.size() + ")");
            assertEquals(SEQUENTIAL + KEEPALIVE_CONNECTIONS * REQUESTS_PER_CONNECTION, bodies.get());
            assertEquals(0, wire.rstFromVip(), "RST segments from the VIP: " + wire);
            assertEquals(0, wire.duplicateSynAcks(), "duplicate SYN-ACKs: " + wire);
            assertEquals(0, wire.dropped(), "capture dropped packets: " + wire);
            assertTrue(wire.synAcks() >= SEQUENTIAL + KEEPALIVE_CONNECTIONS, "capture saw the handshakes: " + wire);
            assertTrue(ClusterStatus.sum(status, "handoffs_out") >= SEQUENTIAL / 2, "most downloads were handed off");
            assertEquals(0, ClusterStatus.sum(status, "handoff_fallbacks"), "fallbacks");
            assertEquals(0, ClusterStatus.sum(status, "commits_refused"), "COMMITs refused");
            assertEquals(0, ClusterStatus.sum(status, "handoffs_lost"), "connections lost in a hand-off");
        } finally {
            tb.down();
        }
    }

    private static java.util.concurrent.ThreadFactory inNamespace(Testbed tb) {
        return r -> Thread.ofPlatform().unstarted(() -> {
            Netns.enter(tb.clientNamespace());
            r.run();
        });
    }

    private static void check(TestDocroot docroot, String path, HttpProbe.Response r, ConcurrentLinkedQueue<String> failures,
                              String what) throws Exception {
        byte[] expected = docroot.bytes(path);
        if (r.status() != 200) {
            failures.add(what + " " + path + ": status " + r.status());
        } else if (!Arrays.equals(sha256(r.body()), sha256(expected))) {
            failures.add(what + " " + path + ": SHA-256 " + HexFormat.of().formatHex(sha256(r.body())) + " of "
                    + r.body().length + " bytes (expected " + expected.length + " bytes)");
        }
    }

    private static byte[] sha256(byte[] b) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(b);
    }
}
