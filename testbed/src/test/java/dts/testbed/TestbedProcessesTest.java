package dts.testbed;

import dts.splicer.sys.Netns;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Daemons and nginx started inside node namespaces, waited for, and stopped by down. */
class TestbedProcessesTest {
    private Path stateDir;

    @AfterEach void cleanUp() {
        if (stateDir != null) Testbed.downAll(stateDir);
    }

    @Test void startsDaemonsInTheirNamespacesAndStopsThem() throws IOException {
        stateDir = Files.createTempDirectory("dts-testbed-proc");
        Testbed tb = Testbed.up(Testbed.Options.builder(stateDir).nodes(2).mainClass(FakeNodeMain.class.getName()).build());
        for (NodeHandle n : tb.nodes()) {
            assertTrue(ProcessHandle.of(n.pid()).map(ProcessHandle::isAlive).orElse(false), n.toString());
            assertTrue(Files.readString(n.log()).contains("fake node " + n.id() + " up"));
            assertTrue(Files.isRegularFile(stateDir.resolve(n.id() + ".pid")));
            String nsOfPid = TestbedState.root("ip", "netns", "identify", Long.toString(n.pid())).strip();
            assertTrue(nsOfPid.equals(n.namespace()), nsOfPid);
        }
        long pid = tb.nodes().get(0).pid();
        tb.down();
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "daemon still running");
        assertFalse(Files.exists(stateDir));
    }

    @Test void aDaemonThatDiesIsReportedWithItsLog() throws IOException {
        stateDir = Files.createTempDirectory("dts-testbed-fail");
        TestbedException e = assertThrows(TestbedException.class, () -> Testbed.up(
                Testbed.Options.builder(stateDir).nodes(1).mainClass(FailingNodeMain.class.getName()).build()));
        assertTrue(e.getMessage().contains("exited with code 3") && e.getMessage().contains("boom: cannot start node1"), e.getMessage());
        assertTrue(TestbedState.namespaces().isEmpty(), "namespaces left after a failed up");
    }

    @Test void nginxServesEachNodesOwnCopy() throws IOException {
        stateDir = Files.createTempDirectory("dts-testbed-nginx");
        Testbed tb = Testbed.up(Testbed.Options.builder(stateDir).nodes(2).backend(Testbed.Backend.NGINX).startDaemons(false).build());
        byte[] expected = Files.readAllBytes(stateDir.resolve("www-generated/files/100KiB.bin"));
        for (NodeHandle n : tb.nodes()) {
            assertTrue(n.backendPid() > 0);
            byte[] body = get(n.namespace(), "/files/100KiB.bin");
            assertArrayEquals(expected, body);
        }
        assertTrue(Files.readString(tb.configFile()).contains("backend: \"http://127.0.0.1:8080\""));
    }

    /** HTTP/1.0 GET to 127.0.0.1:8080 from inside {@code ns}; returns the body. */
    private static byte[] get(String ns, String path) {
        return Netns.call(ns, () -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", 8080), 2000);
                s.getOutputStream().write(("GET " + path + " HTTP/1.0\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                InputStream in = s.getInputStream();
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                in.transferTo(all);
                byte[] r = all.toByteArray();
                String head = new String(r, 0, Math.min(r.length, 200), StandardCharsets.ISO_8859_1);
                if (!head.startsWith("HTTP/1.1 200")) throw new IOException("not 200: " + head);
                for (int i = 3; i < r.length; i++) {
                    if (r[i - 3] == '\r' && r[i - 2] == '\n' && r[i - 1] == '\r' && r[i] == '\n') return Arrays.copyOfRange(r, i + 1, r.length);
                }
                throw new IOException("no end of head");
            }
        });
    }
}
