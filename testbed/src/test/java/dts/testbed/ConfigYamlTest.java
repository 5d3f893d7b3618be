package dts.testbed;

import dts.config.DtsConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The config file the testbed writes, and how it merges a user's file; parsed by the config module. */
class ConfigYamlTest {
    private static final List<ConfigYaml.NodeEntry> NODES = List.of(
            new ConfigYaml.NodeEntry("node1", "198.18.1.1", Path.of("/s/node1/www"), null),
            new ConfigYaml.NodeEntry("node2", "198.18.1.2", Path.of("/s/node2/www"), "http://127.0.0.1:8080"));

    @Test void generatedShape() {
        String text = ConfigYaml.render(NODES, null);
        assertEquals("""
                # written by the DTS testbed
                cluster: { vip: 198.18.0.10, port: 80, buckets: 4096, hash-seed: 0x5eed, control-port: 7070, admin-port: 7071 }
                nodes:
                  - { id: node1, address: 198.18.1.1, backend: embedded, docroot: "/s/node1/www" }
                  - { id: node2, address: 198.18.1.2, backend: "http://127.0.0.1:8080", docroot: "/s/node2/www" }
                """, text);
        DtsConfig c = DtsConfig.parse(text, "generated");
        assertEquals(0x5eed, c.cluster().hashSeed());
        assertEquals(Path.of("/s/node1/www"), c.nodes().get(0).docroot().orElseThrow());
        assertEquals(Path.of("/s/node2/www"), c.nodes().get(1).docroot().orElseThrow(), "the web server's, for its page cache");
    }

    @Test void userFileKeepsItsOwnBlocks() {
        String user = "cluster: { vip: 198.18.0.10, port: 80, buckets: 64 }\n";
        String text = ConfigYaml.render(NODES, user);
        assertFalse(text.contains("buckets: 4096"), text);
        assertTrue(text.contains("nodes:\n  - { id: node1"), text);
        assertTrue(text.endsWith(user), text);
        assertEquals(64, DtsConfig.parse(text, "merged").cluster().buckets());
    }

    @Test void quotesPaths() {
        assertEquals("\"/a b/\\\"q\\\"\"", ConfigYaml.quote("/a b/\"q\""));
    }

    @Test void clusterKeysGoIntoTheGeneratedClusterBlock() {
        String text = ConfigYaml.render(NODES, "pools:\n  all: { policy: round-robin }\n", java.util.Map.of("inspectors", "[node1]"));
        assertTrue(text.contains("admin-port: 7071, inspectors: [node1] }"), text);
        DtsConfig c = DtsConfig.parse(text, "with inspectors");
        assertEquals(List.of("node1"), c.cluster().inspectors());
        assertFalse(ConfigYaml.renderBase(NODES, "pools: {}\n", java.util.Map.of()).contains("pools"), "base holds only generated blocks");
    }

    @Test void theTestbedsKeyFileGoesIntoTheClusterBlock(@org.junit.jupiter.api.io.TempDir Path tmp) {
        Path key = tmp.resolve("cluster.key");
        dts.config.KeyFiles.writeNew(key, false);
        String text = ConfigYaml.render(NODES, null, java.util.Map.of("key-file", ConfigYaml.quote(key.toString())));
        assertEquals(key, DtsConfig.parse(text, "with key").cluster().keyFile().orElseThrow());
    }
}
