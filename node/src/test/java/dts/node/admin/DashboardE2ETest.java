package dts.node.admin;

import dts.node.e2e.ClusterStatus;
import dts.splicer.sys.Netns;
import dts.testbed.Testbed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboard of a real 4-node testbed under load, in headless Chromium: every node up, its buckets
 * as its /status says, requests per second above zero on every node; leaves target/dashboard-testbed.png.
 */
class DashboardE2ETest {
    @TempDir Path dir;
    @TempDir Path profile;

    @Test
    @SuppressWarnings("unchecked")
    void underLoadThePageShowsTheClusterAsStatusDoes() throws Exception {
        Testbed tb = Testbed.up(Testbed.Options.builder(dir.resolve("state")).nodes(4).build());
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong requests = new AtomicLong();
        List<Thread> load = new ArrayList<>();
        try {
            ClusterStatus.awaitAllBucketsOwned(tb, 4096, 20_000);
            for (int i = 0; i < 4; i++) {
                load.add(Thread.ofPlatform().daemon().start(() -> {
                    Netns.enter(tb.clientNamespace());
                    while (running.get()) {
                        try (Socket s = new Socket()) {
                            s.connect(new InetSocketAddress(tb.vip(), tb.port()), 5_000);
                            s.setSoTimeout(5_000);
                            s.getOutputStream().write("GET /files/1KiB.bin HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                            s.getInputStream().readAllBytes();
                            requests.incrementAndGet();
                        } catch (Exception ignored) {
                            // counted by the nodes; the page is under test here
                        }
                    }
                }));
            }
            Thread.sleep(2_000);
            String url = "http://" + tb.nodes().get(0).internalAddress() + ":7071/";
            Path png = Path.of("target", "dashboard-testbed.png").toAbsolutePath();
            String dom = HeadlessChromium.run(url, profile, "--virtual-time-budget=8000", "--window-size=1280,900",
                    "--screenshot=" + png, "--dump-dom");
            Map<String, Map<String, DashboardChromiumTest.Cell>> rows = DashboardChromiumTest.rows(dom);
            assertEquals(List.of("node1", "node2", "node3", "node4"), List.copyOf(rows.keySet()), "every node, in order");
            double buckets = 0;
            for (var n : tb.nodes()) {
                var row = rows.get(n.id());
                Map<String, Object> status = ClusterStatus.of(n);
                assertEquals("up", row.get("state").text(), n.id());
                assertEquals(((Number) status.get("owned_buckets")).doubleValue(), row.get("buckets").value(), n.id() + " buckets as /status says");
                Double rate = row.get("requests").value();
                assertTrue(rate != null && rate > 0, n.id() + " requests/s under load: " + row.get("requests"));
                buckets += row.get("buckets").value();
            }
            assertEquals(4096.0, buckets, "every bucket on the page");
            assertTrue(requests.get() > 100, "load ran: " + requests.get());
            System.out.println("dashboard under load: screenshot " + png);
        } finally {
            running.set(false);
            for (Thread t : load) t.join(6_000);
            tb.down();
        }
    }
}
