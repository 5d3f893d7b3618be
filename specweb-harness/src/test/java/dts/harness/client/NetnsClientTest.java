package dts.harness.client;

import com.sun.net.httpserver.HttpServer;
import dts.harness.HarnessException;
import dts.harness.fileset.FileSet;
import dts.harness.testing.StaticServer;
import dts.harness.workload.Workload;
import dts.splicer.sys.Netns;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The client's sockets live in the namespace it is given (needs root and iproute2). */
class NetnsClientTest {
    private static final String NS = "dts-harness-t" + ProcessHandle.current().pid();

    @TempDir
    static Path tmp;

    @BeforeAll
    static void createNamespace() throws Exception {
        ip("netns", "add", NS);
        ip("-n", NS, "link", "set", "lo", "up");
    }

    @AfterAll
    static void deleteNamespace() throws Exception {
        ip("netns", "del", NS);
    }

    @Test
    void talksToAServerThatOnlyExistsInsideTheNamespace() throws Exception {
        FileSet files = FileSet.generate(tmp.resolve("docroot"), Workload.of(8).withScale(0.01), 4);
        HttpServer inside = Netns.call(NS, () -> HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128));
        try (StaticServer server = StaticServer.on(inside, files.root())) {
            ClientConfig.Builder b = ClientConfig.builder(server.address(), 8).maxRequests(80).durationMillis(60_000)
                    .connectTimeoutMillis(2_000).progress(ProgressMode.NEVER);
            Measurement in = LoadClient.run(b.netns(NS).build(), files.manifest());
            assertEquals(80, in.requests(), in.errorsByKind().toString());
            assertEquals(0, in.errors());
            Measurement outside = LoadClient.run(b.netns(null).maxRequests(8).build(), files.manifest());
            assertEquals(0, outside.requests());
            assertEquals(8, outside.errors());
        }
    }

    @Test
    void aMissingNamespaceFailsBeforeTheRun() {
        ClientConfig cfg = ClientConfig.builder(new InetSocketAddress("127.0.0.1", 9), 1).maxRequests(1)
                .netns("dts-no-such-namespace").progress(ProgressMode.NEVER).build();
        HarnessException e = assertThrows(HarnessException.class,
                () -> LoadClient.run(cfg, dts.harness.workload.Manifest.plan(Workload.of(1), 1)));
        assertTrue(e.getMessage().contains("dts-no-such-namespace"), e.getMessage());
    }

    private static void ip(String... args) throws Exception {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "ip";
        System.arraycopy(args, 0, cmd, 1, args.length);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "ip " + String.join(" ", args));
        assertEquals(0, p.exitValue(), "ip " + String.join(" ", args) + ": " + out);
    }
}
