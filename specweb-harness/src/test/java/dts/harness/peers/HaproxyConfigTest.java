package dts.harness.peers;

import dts.harness.HarnessException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HaproxyConfigTest {
    private static final List<Upstream> NODES = List.of(new Upstream("node1", "198.18.1.1", 8080),
            new Upstream("node2", "198.18.1.2", 8080));

    @TempDir
    Path tmp;

    @Test
    void hasTheKeyLines() {
        List<String> lines = HaproxyConfig.of("198.18.0.100", 80, NODES).render().lines().map(String::trim).toList();
        for (String expected : List.of("mode http", "balance uri", "hash-type consistent", "option splice-request", "option splice-response",
                "option http-keep-alive", "bind 198.18.0.100:80", "server node1 198.18.1.1:8080 maxconn 20000",
                "server node2 198.18.1.2:8080 maxconn 20000", "nbthread 1", "timeout client 600000ms")) {
            assertTrue(lines.contains(expected), expected);
        }
    }

    @Test
    void haproxyAcceptsIt() throws Exception {
        Path cfg = tmp.resolve("haproxy.cfg");
        Files.writeString(cfg, HaproxyConfig.of("127.0.0.1", 18080, NODES).render());
        Process p = new ProcessBuilder(Tools.find("haproxy"), "-c", "-f", cfg.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
    }

    @Test
    void validates() {
        assertEquals("upstreams: none (expected: at least 1)",
                assertThrows(HarnessException.class, () -> HaproxyConfig.of("1.2.3.4", 80, List.of())).getMessage());
        assertEquals("name: 'a b' (expected: [A-Za-z0-9_.-]+)",
                assertThrows(HarnessException.class, () -> new Upstream("a b", "h", 1)).getMessage());
    }
}
