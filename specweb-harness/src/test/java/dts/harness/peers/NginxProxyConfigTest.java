package dts.harness.peers;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NginxProxyConfigTest {
    private static final List<Upstream> NODES = List.of(new Upstream("node1", "198.18.1.1", 8080),
            new Upstream("node2", "198.18.1.2", 8080));

    @TempDir
    Path tmp;

    @Test
    void hashingVariantHasTheKeyLines() {
        List<String> lines = lines(NginxProxyConfig.of("198.18.0.100", 80, NODES, true, tmp).render());
        for (String expected : List.of("hash $request_uri consistent;", "server 198.18.1.1:8080;", "server 198.18.1.2:8080;",
                "keepalive 256;", "proxy_pass http://dts_nodes;", "proxy_http_version 1.1;", "proxy_set_header Connection \"\";",
                "proxy_buffering on;", "proxy_max_temp_file_size 0;", "listen 198.18.0.100:80 backlog=4096;",
                "worker_processes 1;", "pid " + tmp + "/nginx.pid;")) {
            assertTrue(lines.contains(expected), expected);
        }
    }

    @Test
    void roundRobinVariantHasNoHash() {
        String conf = NginxProxyConfig.of("198.18.0.100", 80, NODES, false, tmp).render();
        assertFalse(conf.contains("hash "));
        assertTrue(conf.contains("upstream dts_nodes {"));
    }

    @Test
    void nginxAcceptsIt() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        for (String d : List.of("client_body", "proxy", "fastcgi", "uwsgi", "scgi")) Files.createDirectories(tmp.resolve(d));
        Path conf = tmp.resolve("nginx.conf");
        Files.writeString(conf, NginxProxyConfig.of("127.0.0.1", port, NODES, true, tmp).render());
        Process p = new ProcessBuilder(Tools.find("nginx"), "-t", "-p", tmp.toString(), "-c", conf.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
    }

    private static List<String> lines(String text) {
        return text.lines().map(String::trim).toList();
    }
}
