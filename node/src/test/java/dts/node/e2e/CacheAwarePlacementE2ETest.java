package dts.node.e2e;

import dts.hashring.Keys;
import dts.hashring.NodePicker;
import dts.splicer.sys.Netns;
import dts.testbed.Testbed;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Extended LARD on the real cluster, both backends, the default pool (locality): one keep-alive
 * connection alternates two small files whose homes differ. At first each request moves the
 * connection to the file's home; once a node has been asked for the other file three times it reads
 * it into its page cache in the background, and from then on the connection stays where it is and
 * both files are served there. With {@code replicate-into-free-memory: false} a large file is never
 * replicated: every request for it is served by its home; with the default (true) and the host's
 * free memory, it is replicated like a small one. Bodies are byte-identical and the wire carries no
 * RST from the VIP.
 */
class CacheAwarePlacementE2ETest {
    private static final List<String> NODES = List.of("node1", "node2", "node3", "node4");

    @TempDir
    Path tmp;

    private static String home(String path) {
        return NodePicker.rendezvous(NODES).pick(Keys.hash(path), 0);
    }

    @ParameterizedTest
    @EnumSource(value = Testbed.Backend.class, names = {"EMBEDDED", "NGINX"}) // NGINX_UNIX: HttpPlacementE2ETest
    void smallHotFilesStayWhereTheConnectionIsLargeOnesGoHome(Testbed.Backend backend) throws Exception {
        TestDocroot docroot = TestDocroot.create(tmp.resolve("www"), 4);
        String p = "/t/f1024-0.bin";
        String q = docroot.pathsUpTo(10 * 1024).stream().filter(x -> !home(x).equals(home(p))).findFirst().orElseThrow();
        String large = "/t/f1048576-0.bin";
        Path config = tmp.resolve("pools.yaml");
        java.nio.file.Files.writeString(config, "pools: { all: { replicate-into-free-memory: false } }\n");
        Testbed tb = Testbed.up(Testbed.Options.builder(tmp.resolve("state")).nodes(4).docroot(docroot.dir()).backend(backend)
                .configFile(config).build());
        try {
            ClusterStatus.awaitConverged(tb, 4, 10_000);
            List<String> served = new ArrayList<>();
            List<String> largeServed = new ArrayList<>();
            List<String> failures = new ArrayList<>();
            WireAudit wire = new WireAudit(tb.clientNamespace(), tb.vip(), tb.port());
            try (wire) {
                Netns.call(tb.clientNamespace(), () -> {
                    try (HttpProbe c = new HttpProbe(tb.vip(), tb.port(), 10_000)) {
                        alternate(c, p, q, docroot, served, failures);
                        for (int i = 0; i < 6; i++) {
                            largeServed.add(get(c, large, docroot, failures));
                            largeServed.add(get(c, p, docroot, failures)); // back to a small file between
                        }
                    }
                    return null;
                });
            }
            assertEquals(List.of(), failures);
            System.out.println(backend + ": " + p + " home " + home(p) + ", " + q + " home " + home(q) + "; served by " + served
                    + "; " + large + " home " + home(large) + ", then " + largeServed);
            assertFollowsThenStays(served);
            for (int i = 0; i < largeServed.size(); i += 2) {
                assertEquals(home(large), largeServed.get(i), "a large file is served by its home only: " + largeServed);
            }
            List<Map<String, Object>> status = ClusterStatus.all(tb);
            long replicated = status.stream().mapToLong(s -> ((Number) ((Map<?, ?>) s.get("local_cache")).get("replicated")).longValue()).sum();
            assertTrue(replicated >= 1, "a node read a hot file into its cache: " + replicated);
            assertEquals(0, wire.rstFromVip(), "RST from the VIP: " + wire);
            assertEquals(0, wire.duplicateSynAcks(), "SYNs answered twice: " + wire);
        } finally {
            tb.down();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Testbed.Backend.class, names = "NGINX")
    void aLargeHotFileIsReplicatedWhileMemoryIsFree(Testbed.Backend backend) throws Exception {
        TestDocroot docroot = TestDocroot.create(tmp.resolve("www"), 4);
        String large = "/t/f1048576-0.bin";
        String q = java.util.stream.IntStream.range(1, 4).mapToObj(i -> "/t/f1048576-" + i + ".bin")
                .filter(x -> !home(x).equals(home(large))).findFirst().orElseThrow(); // 1 MiB too: either is replicated
        Testbed tb = Testbed.up(Testbed.Options.builder(tmp.resolve("state")).nodes(4).docroot(docroot.dir()).backend(backend).build());
        try {
            ClusterStatus.awaitConverged(tb, 4, 10_000);
            List<String> served = new ArrayList<>();
            List<String> failures = new ArrayList<>();
            WireAudit wire = new WireAudit(tb.clientNamespace(), tb.vip(), tb.port());
            try (wire) {
                Netns.call(tb.clientNamespace(), () -> {
                    try (HttpProbe c = new HttpProbe(tb.vip(), tb.port(), 10_000)) {
                        alternate(c, large, q, docroot, served, failures); // both 1 MiB
                    }
                    return null;
                });
            }
            assertEquals(List.of(), failures);
            System.out.println(backend + ": " + large + " home " + home(large) + ", " + q + " home " + home(q) + "; served by " + served);
            assertFollowsThenStays(served);
            long room = ClusterStatus.all(tb).stream()
                    .mapToLong(st -> ((Number) ((Map<?, ?>) st.get("local_cache")).get("room_bytes")).longValue()).min().orElseThrow();
            assertTrue(room > 0, "every node sees room in its memory: " + room);
            assertEquals(0, wire.rstFromVip(), "RST from the VIP: " + wire);
            assertEquals(0, wire.duplicateSynAcks(), "SYNs answered twice: " + wire);
        } finally {
            tb.down();
        }
    }

    /** 40 requests on one connection, alternating {@code a} and {@code b}, 100 ms apart: who served each. */
    private static void alternate(HttpProbe c, String a, String b, TestDocroot docroot, List<String> served, List<String> failures)
            throws Exception {
        for (int i = 0; i < 40; i++) {
            served.add(get(c, i % 2 == 0 ? a : b, docroot, failures));
            Thread.sleep(100);
        }
    }

    /** At first the connection follows each file to its home; once both are cached where it is, it stays. */
    private static void assertFollowsThenStays(List<String> served) {
        assertTrue(served.subList(0, 4).stream().distinct().count() > 1,
                "at first the connection follows each file to its home: " + served);
        List<String> last = served.subList(served.size() - 10, served.size());
        assertEquals(1, last.stream().distinct().count(), "then it stays where it is, both files served there: " + served);
    }

    private static String get(HttpProbe c, String path, TestDocroot docroot, List<String> failures) throws Exception {
        c.send("GET " + path + " HTTP/1.1\r\nHost: dts\r\n\r\n");
        HttpProbe.Response r = c.read(false);
        if (r.status() != 200 || !Arrays.equals(r.body(), docroot.bytes(path))) {
            failures.add(path + ": status " + r.status() + ", " + r.body().length + " bytes");
        }
        return r.header("x-dts-node");
    }
}
