package dts.testbed;

import dts.config.DtsConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two nodes without daemons: the namespaces, bridges and addresses, the hub, and a clean down. */
class TestbedNetworkTest {
    private Path stateDir;

    @AfterEach void cleanUp() {
        if (stateDir != null) Testbed.downAll(stateDir);
    }

    @Test void buildsTheHubClusterAndTearsItDown() throws IOException {
        stateDir = Files.createTempDirectory("dts-testbed-net");
        Testbed tb = Testbed.up(Testbed.Options.builder(stateDir).nodes(2).startDaemons(false).build());

        assertEquals(List.of("dts-client", "dts-node1", "dts-node2"), TestbedState.namespaces().stream().sorted().toList());
        assertTrue(TestbedState.links().containsAll(List.of("dts-hub", "dts-int")), TestbedState.links().toString());
        assertTrue(TestbedState.root("ip", "-d", "link", "show", "dts-hub").contains("ageing_time 0"));
        assertTrue(TestbedState.root("ip", "-4", "addr", "show", "dts-int").contains("198.18.1.254/24"));
        for (int i = 1; i <= 2; i++) {
            String hub = TestbedState.inNs("dts-node" + i, "ip", "addr", "show", "hub0");
            assertTrue(hub.contains("02:00:00:00:00:10") && hub.contains("198.18.0.10/24"), hub);
            assertTrue(TestbedState.inNs("dts-node" + i, "ip", "addr", "show", "int0").contains("198.18.1." + i + "/24"));
            assertTrue(TestbedState.inNs("dts-node" + i, "ip", "link", "show", "lo").contains("UP"));
            assertEquals("8", TestbedState.inNs("dts-node" + i, "cat", "/proc/sys/net/ipv4/conf/hub0/arp_ignore").strip());
        }
        String neigh = TestbedState.inNs("dts-client", "ip", "neigh", "show", "198.18.0.10");
        assertTrue(neigh.contains("02:00:00:00:00:10") && neigh.contains("PERMANENT"), neigh);
        assertEquals("1024\t65535", TestbedState.inNs("dts-client", "cat", "/proc/sys/net/ipv4/ip_local_port_range").strip());

        Map<String, Long> seen = HubProbe.synsSeen(List.of("dts-node1", "dts-node2"), 80);
        assertTrue(seen.get("dts-node1") >= 1 && seen.get("dts-node2") >= 1, "SYNs seen: " + seen);

        // The root namespace reaches each node's internal address: refused (RST), not a timeout.
        for (NodeHandle n : tb.nodes()) {
            assertThrows(ConnectException.class, () -> {
                try (Socket s = new Socket()) { s.connect(new InetSocketAddress(n.internalAddress(), 7071), 2000); }
            });
            assertEquals(-1, n.pid());
        }

        DtsConfig config = DtsConfig.load(tb.configFile());
        assertEquals(2, config.nodes().size());
        assertEquals("node2", config.nodes().get(1).id());
        assertEquals(4 << 20, Files.size(stateDir.resolve("node2/www/files/4MiB.bin")));
        assertEquals(Files.mismatch(stateDir.resolve("node1/www/files/1MiB.bin"), stateDir.resolve("node2/www/files/1MiB.bin")), -1L);

        tb.down();
        assertTrue(TestbedState.namespaces().isEmpty(), TestbedState.namespaces().toString());
        assertTrue(TestbedState.links().isEmpty(), TestbedState.links().toString());
        assertFalse(Files.exists(stateDir), "state dir left behind");
    }

    @Test void upIsIdempotent() throws IOException {
        stateDir = Files.createTempDirectory("dts-testbed-again");
        Testbed.up(Testbed.Options.builder(stateDir).nodes(1).startDaemons(false).build());
        Testbed tb = Testbed.up(Testbed.Options.builder(stateDir).nodes(2).startDaemons(false).build());
        assertEquals(2, tb.nodes().size());
        assertEquals(List.of("dts-client", "dts-node1", "dts-node2"), TestbedState.namespaces().stream().sorted().toList());
    }
}
