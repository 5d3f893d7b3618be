package dts.harness.client;

import dts.harness.fileset.FileSet;
import dts.harness.qos.QosThresholds;
import dts.harness.testing.CountingProxy;
import dts.harness.testing.StaticServer;
import dts.harness.workload.Workload;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoadClientTest {
    @TempDir
    static Path tmp;
    static FileSet files;

    @BeforeAll
    static void generate() {
        files = FileSet.generate(tmp.resolve("docroot"), Workload.of(50).withScale(0.01), 21);
    }

    @Test
    void fiftySessionsForThreeSecondsAddUp() throws Exception {
        try (StaticServer server = StaticServer.start(files.root())) {
            ClientConfig cfg = ClientConfig.builder(server.address(), 50).durationMillis(3_000).seed(3)
                    .progress(ProgressMode.NEVER).build();
            Measurement m = LoadClient.run(cfg, files.manifest());
            assertEquals(0, m.errors(), m.errorsByKind().toString());
            assertEquals(0, m.unfinished());
            // counts, not rates: ~2,700 requests are expected, any positive number proves the path
            assertTrue(m.pages() > 0, "pages " + m.pages());
            assertTrue(m.downloads() > 0, "downloads " + m.downloads());
            assertEquals(m.pages() + m.downloads(), m.requests());
            assertEquals(server.requests.sum(), m.requests() + m.retries());
            assertEquals(server.bodyBytes.sum(), m.bodyBytes());
            long perSecond = 0;
            for (long b : m.bytesPerSecond()) perSecond += b;
            assertEquals(m.bodyBytes(), perSecond);
            assertEquals(m.pages(), m.pageLatencyMicros().getTotalCount());
            assertTrue(m.pagesGood() + m.pagesTolerable() <= m.pages());
        }
    }

    @Test
    void requestBudgetIsExact() throws Exception {
        try (StaticServer server = StaticServer.start(files.root())) {
            ClientConfig cfg = ClientConfig.builder(server.address(), 40).maxRequests(300).durationMillis(120_000)
                    .progress(ProgressMode.NEVER).build();
            Measurement m = LoadClient.run(cfg, files.manifest());
            assertEquals(300, m.requests() + m.errors());
            assertEquals(0, m.errors(), m.errorsByKind().toString());
            assertEquals(300, server.requests.sum() - m.retries());
        }
    }

    @Test
    void unreachableTargetIsCountedNotThrown() throws Exception {
        InetSocketAddress closed;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = new InetSocketAddress("127.0.0.1", s.getLocalPort());
        }
        ClientConfig cfg = ClientConfig.builder(closed, 10).maxRequests(50).durationMillis(60_000)
                .progress(ProgressMode.NEVER).build();
        Measurement m = LoadClient.run(cfg, files.manifest());
        assertEquals(0, m.requests());
        assertEquals(50, m.errors());
        assertEquals(50L, m.errorsByKind().get("connect"));
    }

    @Test
    void strictThresholdsFailEveryDownload() throws Exception {
        try (StaticServer server = StaticServer.start(files.root())) {
            QosThresholds impossible = new QosThresholds(3_000, 5_000, 1e15, 1e15);
            ClientConfig cfg = ClientConfig.builder(server.address(), 30).maxRequests(400).durationMillis(60_000)
                    .thresholds(impossible).progress(ProgressMode.NEVER).build();
            Measurement m = LoadClient.run(cfg, files.manifest());
            assertTrue(m.downloads() > 0);
            assertEquals(m.downloads(), m.downloadsQosFailed());
        }
    }

    @Test
    void keepAliveTimeoutClosesIdleConnectionsBeforeLongThinkTimes() throws Exception {
        try (StaticServer server = StaticServer.start(files.root()); CountingProxy forever = new CountingProxy(server.address());
             CountingProxy shortTimeout = new CountingProxy(server.address())) {
            // think times here: exponential, mean 50 ms (scale 0.01); a 1 ms timeout closes before almost every one
            Measurement keep = LoadClient.run(ClientConfig.builder(forever.address(), 10).maxRequests(200).durationMillis(60_000)
                    .progress(ProgressMode.NEVER).build(), files.manifest());
            Measurement close = LoadClient.run(ClientConfig.builder(shortTimeout.address(), 10).maxRequests(200).durationMillis(60_000)
                    .keepAliveIdleMillis(1).progress(ProgressMode.NEVER).build(), files.manifest());
            assertEquals(0, keep.errors() + close.errors());
            assertEquals(10, forever.connections.get(), "one connection per session");
            assertTrue(shortTimeout.connections.get() >= 180, "about one connection per request: " + shortTimeout.connections.get());
        }
    }
}
