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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The benchmark hooks: process wrapper, prebuilt docroots, nginx on all addresses, front namespace, learning hub. */
class TestbedHooksTest {
    private Path stateDir;
    private Path prebuilt;

    @AfterEach void cleanUp() throws IOException {
        if (stateDir != null) Testbed.downAll(stateDir);
        if (prebuilt != null) StateFilesTestSupport.deleteTree(prebuilt);
    }

    @Test void benchmarkHooksShapeTheTestbed() throws Exception {
        stateDir = Files.createTempDirectory("dts-testbed-hooks");
        prebuilt = Files.createTempDirectory("dts-prebuilt");
        for (String id : List.of("node1", "node2")) {
            Files.createDirectories(prebuilt.resolve(id));
            Files.writeString(prebuilt.resolve(id).resolve("who.txt"), "served from " + id + "\n");
        }
        Path marks = Files.createTempDirectory("dts-wrapper-marks");
        ProcessWrapper tagOwner = (owner, cmd) -> {
            // the wrapper leaves a mark, then becomes the command (nginx rewrites its own environment,
            // so the mark cannot live there)
            List<String> c = new ArrayList<>(List.of("/bin/sh", "-c",
                    "echo wrapped > '" + marks.resolve(owner + ".wrapped") + "'; exec \"$@\"", "wrap"));
            c.addAll(cmd);
            return c;
        };
        TestbedHooks hooks = TestbedHooks.NONE.withProcessWrapper(tagOwner).withPrebuiltDocroots(prebuilt)
                .withNginxOnAllAddresses(true).withFrontNamespace(true).withFloodOnlyToCluster(true)
                .withClusterKeys(Map.of("inspectors", "[node1]"));
        Testbed tb = Testbed.up(Testbed.Options.builder(stateDir).nodes(2).backend(Testbed.Backend.NGINX)
                .startDaemons(false).hooks(hooks).build());

        assertTrue(TestbedState.namespaces().contains("dts-front"), TestbedState.namespaces().toString());
        assertTrue(TestbedState.inNs("dts-front", "ip", "addr", "show", "hub0").contains("198.18.0.20/24"));
        assertTrue(TestbedState.inNs("dts-front", "ip", "addr", "show", "int0").contains("198.18.1.250/24"));
        assertTrue(TestbedState.root("ip", "-d", "link", "show", "dts-h1").contains("learning off"), "node ports never learn the cluster MAC");
        for (NodeHandle n : tb.nodes()) {
            // nginx was started through the wrapper and serves the prebuilt copy on the internal address
            assertTrue(Files.exists(marks.resolve(n.id() + ".wrapped")), "wrapped nginx of " + n.id());
            assertEquals("served from " + n.id() + "\n", get(n.internalAddress(), "/who.txt"));
        }
        assertTrue(Files.readString(tb.configFile()).contains("inspectors: [node1]"), Files.readString(tb.configFile()));

        Process front = tb.startFront(List.of("sleep", "60"));
        // the process starts as the wrapper's shell in the root namespace and enters dts-front when it
        // execs `ip netns exec`: ask until it has (asking once raced with that exec)
        String frontNs = "";
        for (long deadline = System.currentTimeMillis() + 5_000; !frontNs.equals("dts-front") && System.currentTimeMillis() < deadline; ) {
            frontNs = TestbedState.root("ip", "netns", "identify", Long.toString(front.pid())).strip();
            if (!frontNs.equals("dts-front")) Thread.sleep(20);
        }
        assertEquals("dts-front", frontNs);
        tb.down();
        assertFalse(front.isAlive(), "front process stopped by down");
        assertTrue(TestbedState.namespaces().isEmpty(), TestbedState.namespaces().toString());
        assertTrue(Files.isRegularFile(prebuilt.resolve("node1/who.txt")), "prebuilt docroots are kept");
    }

    /** HTTP/1.0 GET from the front namespace to a node's nginx at its internal address; returns the body. */
    private static String get(String host, String path) {
        return Netns.call(TestbedNames.FRONT_NS, () -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, TestbedNames.NGINX_PORT), 2000);
                s.getOutputStream().write(("GET " + path + " HTTP/1.0\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                InputStream in = s.getInputStream();
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                in.transferTo(all);
                String r = all.toString(StandardCharsets.ISO_8859_1);
                if (!r.startsWith("HTTP/1.1 200")) throw new IOException("not 200: " + r);
                return r.substring(r.indexOf("\r\n\r\n") + 4);
            }
        });
    }
}
