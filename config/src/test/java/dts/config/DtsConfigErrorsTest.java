package dts.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DtsConfigErrorsTest {
    private static final String NODES = """
            nodes:
              - { id: node1, address: 198.18.1.1 }
              - { id: node2, address: 198.18.1.2 }
            """;

    static Stream<Arguments> cases() {
        return Stream.of(
                // unknown keys, at every level
                of("clusterr: {}\n" + NODES, "clusterr: unknown key"),
                of("cluster: { vipp: 1.2.3.4 }\n" + NODES, "cluster.vipp: unknown key"),
                of(NODES + "  - { id: n3, address: 198.18.1.3, backend: embedded, doc-root: /x }\n",
                        "nodes[2].doc-root: unknown key"),
                of(NODES + "pools: { web: { nodes: [node1], polcy: locality } }", "pools.web.polcy: unknown key"),
                of(NODES + "rules:\n  - { pool: all }\n  - { pool: all }\n  - { match: { path-prefx: /a }, pool: all }",
                        "rules[2].match.path-prefx: unknown key"),
                of(NODES + "rules: [ { match: { header: { name: X, valu: y } }, pool: all } ]",
                        "rules[0].match.header.valu: unknown key"),
                // cluster values
                of("cluster: { vip: 198.18.0.300 }\n" + NODES,
                        "cluster.vip: 198.18.0.300 (expected: an IPv4 literal such as 198.18.0.10)"),
                of("cluster: { vip: example.com }\n" + NODES,
                        "cluster.vip: example.com (expected: an IPv4 literal such as 198.18.0.10)"),
                of("cluster: { vip: 224.0.0.1 }\n" + NODES, "cluster.vip: 224.0.0.1 (expected: a unicast IPv4 address)"),
                of("cluster: { port: 70000 }\n" + NODES, "cluster.port: 70000 (expected: 1..65535)"),
                of("cluster: { port: 0 }\n" + NODES, "cluster.port: 0 (expected: 1..65535)"),
                of("cluster: { port: http }\n" + NODES, "cluster.port: http (expected: an integer)"),
                of("cluster: { admin-port: 7070 }\n" + NODES,
                        "cluster.admin-port: 7070 (expected: different from control-port)"),
                of("cluster: { io-threads: -1 }\n" + NODES, "cluster.io-threads: -1 (expected: 0..1024)"),
                of("cluster: { buckets: 1000 }\n" + NODES, "cluster.buckets: 1000 (expected: a power of two in 64..65536)"),
                of("cluster: { buckets: 32 }\n" + NODES, "cluster.buckets: 32 (expected: a power of two in 64..65536)"),
                of("cluster: { buckets: 131072 }\n" + NODES,
                        "cluster.buckets: 131072 (expected: a power of two in 64..65536)"),
                of("cluster: { hash-seed: 0x1FFFFFFFF }\n" + NODES, "cluster.hash-seed: 8589934591 (expected: -2147483648..4294967295)"),
                of("cluster: { mac: \"02-00-00-00-00-10\" }\n" + NODES,
                        "cluster.mac: 02-00-00-00-00-10 (expected: a MAC in quotes such as \"02:00:00:00:00:10\")"),
                of("cluster: { mac: \"01:00:5e:00:00:01\" }\n" + NODES,
                        "cluster.mac: 01:00:5e:00:00:01 (expected: a unicast MAC (the first octet even), e.g. 02:00:00:00:00:10)"),
                of("cluster: { handoff-timeout-millis: 0 }\n" + NODES,
                        "cluster.handoff-timeout-millis: 0 (expected: 1..86400000)"),
                of("cluster: { heartbeat-millis: 500, node-dead-after-millis: 400 }\n" + NODES,
                        "cluster.node-dead-after-millis: 400 (expected: > heartbeat-millis 500)"),
                of("cluster: { port: [1, 2] }\n" + NODES, "cluster.port: a list of 2 (expected: a single value or map)"),
                of("cluster: 5\n" + NODES, "cluster: 5 (expected: a map)"),
                // nodes
                of("cluster: {}\n", "nodes: missing (expected: at least one node)"),
                of(NODES + "  - { id: node1, address: 198.18.1.3 }\n", "nodes[2].id: node1 (duplicate of nodes[0].id)"),
                of(NODES + "  - { id: node3, address: 198.18.1.1 }\n",
                        "nodes[2].address: 198.18.1.1 (duplicate of nodes[0].address)"),
                of("nodes: [ { id: a, address: 198.18.0.10 } ]",
                        "nodes[0].address: 198.18.0.10 (expected: different from cluster.vip)"),
                of("nodes: [ { id: a, address: 10.0.0.01 } ]",
                        "nodes[0].address: 10.0.0.01 (expected: an IPv4 literal such as 198.18.0.10)"),
                of("nodes: [ { address: 10.0.0.1 } ]", "nodes[0].id: missing (expected: a node id)"),
                of("nodes: [ { id: a } ]", "nodes[0].address: missing (expected: the node's IPv4 address)"),
                of("nodes: [ { id: \"a b\", address: 10.0.0.1 } ]",
                        "nodes[0].id: a b (expected: letters, digits, '-' or '_', at most 32)"),
                of("nodes: [ { id: a, address: 10.0.0.1, backend: \"ftp://x:21\" } ]",
                        "nodes[0].backend: ftp://x:21 (expected: embedded, http://HOST:PORT or unix:/PATH)"),
                of("nodes: [ { id: a, address: 10.0.0.1, backend: \"http://x:99999\" } ]",
                        "nodes[0].backend: http://x:99999 (expected: a port in 1..65535)"),
                of("nodes: [ { id: a, address: 10.0.0.1, backend: \"http://x:80/path\" } ]",
                        "nodes[0].backend: http://x:80/path (expected: embedded, http://HOST:PORT or unix:/PATH)"),
                of("nodes: [ { id: a, address: 10.0.0.1, backend: local } ]",
                        "nodes[0].backend: local (expected: embedded, http://HOST:PORT or unix:/PATH)"),
                of("nodes: [ { id: a, address: 10.0.0.1, backend: \"unix:run/web.sock\" } ]",
                        "nodes[0].backend: unix:run/web.sock (expected: unix:/PATH, an absolute path of at most 107 bytes)"),
                of("nodes: [ { id: a, address: 10.0.0.1, backend: \"unix:/" + "d".repeat(107) + "\" } ]",
                        "nodes[0].backend: unix:/" + "d".repeat(107) + " (expected: unix:/PATH, an absolute path of at most 107 bytes)"),
                of("nodes: [ 5 ]", "nodes[0]: 5 (expected: a map)"),
                // pools
                of(NODES + "pools: { web: { nodes: [node1, node9] } }",
                        "pools.web.nodes[1]: node9 (unknown node; known: node1, node2)"),
                of(NODES + "pools: { web: { nodes: [node1, node1] } }", "pools.web.nodes[1]: node1 (listed twice)"),
                of(NODES + "pools: { web: { policy: locality } }", "pools.web.nodes: empty pool (expected: at least one node id)"),
                of(NODES + "pools: { web: { nodes: [] } }", "pools.web.nodes: empty pool (expected: at least one node id)"),
                of(NODES + "pools: { web: }", "pools.web.nodes: empty pool (expected: at least one node id)"),
                of(NODES + "pools: { web: { nodes: [node1], policy: fastest } }",
                        "pools.web.policy: fastest (expected: one of locality, bounded-hash, round-robin, least-connections, client-hash)"),
                of(NODES + "pools: { web: { nodes: [node1], policy: bounded-hash, load-factor: 0.5 } }",
                        "pools.web.load-factor: 0.5 (expected: >= 1.0)"),
                of(NODES + "pools: { web: { nodes: [node1], policy: round-robin, load-factor: 1.5 } }",
                        "pools.web.load-factor: 1.5 (only for policy bounded-hash)"),
                of(NODES + "pools: { web: { nodes: [node1], load-factor: 1.5 } }",
                        "pools.web.load-factor: 1.5 (only for policy bounded-hash)"),
                of(NODES + "pools: { web: { nodes: [node1], policy: locality, load-low: 50, load-high: 40 } }",
                        "pools.web.load-high: 40 (expected: > load-low 50)"),
                of(NODES + "pools:\n  off: { nodes: [node1] }\n",
                        "(file): a key is not text (YAML reads off, on, yes, no, true, false and numbers as values: quote such a key"),
                of(NODES + "pools: { web: { nodes: [node1], policy: round-robin, replicate-max-bytes: 4096 } }",
                        "pools.web.replicate-max-bytes: 4096 (only for policy locality)"),
                of(NODES + "pools: { web: { nodes: [node1], replicate-max-bytes: -2 } }",
                        "pools.web.replicate-max-bytes: -2 (expected: -1..1073741824)"),
                of(NODES + "pools: { web: { nodes: [node1], replicate-into-free-memory: maybe } }",
                        "pools.web.replicate-into-free-memory: maybe (expected: true or false)"),
                of(NODES + "pools: { web: { nodes: [node1], policy: round-robin, replicate-into-free-memory: true } }",
                        "pools.web.replicate-into-free-memory: true (only for policy locality)"),
                of(NODES + "pools: { web: { nodes: [node1], policy: round-robin, load-high: 40 } }",
                        "pools.web.load-high: 40 (only for policy locality)"),
                of(NODES + "pools: { all: { nodes: [node1] } }",
                        "pools.all.nodes: not allowed (pool all is every node; name another pool)"),
                of(NODES + "pools: { \"a b\": { nodes: [node1] } }",
                        "pools.a b: invalid pool name (expected: letters, digits, '.', '-' or '_', at most 64)"),
                // rules
                of(NODES + "rules: [ { match: { path-prefix: /a } } ]", "rules[0].pool: missing (every rule needs a pool)"),
                of(NODES + "pools: { web: { nodes: [node1] } }\nrules: [ { pool: api } ]",
                        "rules[0].pool: api (unknown pool; known: web, all)"),
                of(NODES + "rules: [ { match: { path-regex: \"^/v[0-9+/\" }, pool: all } ]",
                        "rules[0].match.path-regex: ^/v[0-9+/ (bad regex: Unclosed character class near index 8)"),
                of(NODES + "rules: [ { match: { header: { name: X, regex: \"(\" } }, pool: all } ]",
                        "rules[0].match.header.regex: ( (bad regex: Unclosed group near index 1)"),
                of(NODES + "rules: [ { match: { header: { name: X, value: a, regex: b } }, pool: all } ]",
                        "rules[0].match.header: both value and regex (expected: one of them)"),
                of(NODES + "rules: [ { match: { header: { value: a } }, pool: all } ]",
                        "rules[0].match.header.name: missing (expected: a header name)"),
                of(NODES + "rules: [ { match: { path-prefix: api/ }, pool: all } ]",
                        "rules[0].match.path-prefix: api/ (expected: a path starting with /)"),
                of(NODES + "rules: [ { match: { method: get }, pool: all } ]",
                        "rules[0].match.method: get (expected: an upper-case method such as GET)"),
                of(NODES + "rules: [ { match: { host: \"a.com:8080\" }, pool: all } ]",
                        "rules[0].match.host: a.com:8080 (expected: a host name without port, such as img.example.com)"),
                of(NODES + "rules: [ { match: /api/, pool: all } ]", "rules[0].match: /api/ (expected: a map)"),
                // not YAML, or not a map
                of("cluster: [", "(file): not valid YAML"),
                of("- a\n- b\n", "(file): not a map of sections (expected: cluster, nodes, pools, rules)"));
    }

    private static Arguments of(String yaml, String expectedLine) {
        return Arguments.of(yaml, expectedLine);
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("cases")
    void errorNamesKeyPathAndReason(String yaml, String expectedLine) {
        ConfigException e = assertThrows(ConfigException.class, () -> DtsConfig.parse(yaml, "bad.yaml"));
        assertEquals("bad.yaml", e.source());
        assertTrue(e.errors().stream().anyMatch(line -> line.startsWith(expectedLine)),
                () -> "expected a line starting with <" + expectedLine + "> in:\n" + e.getMessage());
        assertEquals(String.join("\n", e.errors()), e.getMessage());
    }

    @Test
    void everyErrorIsReportedTogetherOnePerLine() {
        String yaml = """
                cluster: { port: 0, buckets: 100, colour: blue }
                nodes:
                  - { id: node1, address: 198.18.1.1 }
                  - { id: node1, address: 198.18.1.1 }
                pools:
                  web: { nodes: [node1, ghost], policy: bounded-hash, load-factor: 0.9 }
                  api: { nodes: [node1], policy: random }
                rules:
                  - { match: { path-regex: "[" }, pool: web }
                  - { match: { path-prefx: /x }, pool: api }
                  - { pool: nowhere }
                  - { match: { method: GET } }
                """;
        ConfigException e = assertThrows(ConfigException.class, () -> DtsConfig.parse(yaml, "many.yaml"));
        List<String> expected = List.of(
                "cluster.colour: unknown key",
                "cluster.port: 0 (expected: 1..65535)",
                "cluster.buckets: 100 (expected: a power of two in 64..65536)",
                "nodes[1].id: node1 (duplicate of nodes[0].id)",
                "nodes[1].address: 198.18.1.1 (duplicate of nodes[0].address)",
                "pools.web.nodes[1]: ghost (unknown node; known: node1)",
                "pools.web.load-factor: 0.9 (expected: >= 1.0)",
                "pools.api.policy: random (expected: one of locality, bounded-hash, round-robin, least-connections, client-hash)",
                "rules[0].match.path-regex: [ (bad regex: Unclosed character class near index 0)",
                "rules[1].match.path-prefx: unknown key",
                "rules[2].pool: nowhere (unknown pool; known: web, api, all)",
                "rules[3].pool: missing (every rule needs a pool)");
        assertEquals(expected, e.errors());
        assertEquals(expected.size(), e.getMessage().lines().count());
    }

    @Test
    void ruleToAPoolWithItsOwnErrorsIsNotReportedTwice() {
        String yaml = NODES + "pools: { web: { nodes: [ghost] } }\nrules: [ { pool: web } ]";
        ConfigException e = assertThrows(ConfigException.class, () -> DtsConfig.parse(yaml, "x"));
        assertEquals(List.of("pools.web.nodes[0]: ghost (unknown node; known: node1, node2)"), e.errors());
    }

    @Test
    void missingFileIsAConfigException() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> DtsConfig.load(Path.of("/nonexistent/dts.yaml")));
        assertTrue(e.getMessage().startsWith("(file): cannot read /nonexistent/dts.yaml"), e.getMessage());
    }
}
