package dts.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DtsConfigTest {
    static final String FULL = """
            cluster:
              vip: 198.18.0.20
              port: 8080
              buckets: 1024
              hash-seed: 0xbeef
              control-port: 7170
              admin-port: 7171
              handoff-timeout-millis: 250
              head-timeout-millis: 5000
              max-head-bytes: 8192
              heartbeat-millis: 100
              node-dead-after-millis: 600
              flow-timeout-seconds: 60
            nodes:
              - { id: node1, address: 198.18.1.1, backend: embedded, docroot: /srv/www }
              - { id: node2, address: 198.18.1.2 }
              - { id: node3, address: 198.18.1.3, backend: "http://127.0.0.1:8080", docroot: /var/www }
            pools:
              web: { nodes: [node1, node2], policy: locality, load-low: 10, load-high: 30, replicate-max-bytes: 0,
                     replicate-into-free-memory: false }
              api: { nodes: [node3], policy: round-robin }
              all: { policy: least-connections }
            rules:                      # first match wins
              - { match: { path-prefix: /api/ }, pool: api }
              - { match: { host: IMG.example.com, path-suffix: .jpg }, pool: web }
              - { match: { path-regex: "^/v[0-9]+/", method: GET }, pool: web }
              - { match: { header: { name: X-Tenant, value: gold } }, pool: web }
              - { match: { header: { name: X-Tier, regex: "^(gold|silver)$" } }, pool: api }
              - { pool: all }
            """;

    @Test
    void clusterMacIsOptionalAndReadInLowerCase() {
        String nodes = "nodes: [ { id: node1, address: 198.18.1.1 } ]\n";
        assertEquals(Optional.empty(), DtsConfig.parse(nodes, "a.yaml").cluster().mac());
        DtsConfig c = DtsConfig.parse("cluster: { mac: \"02:00:00:00:00:AB\" }\n" + nodes, "b.yaml");
        assertEquals(Optional.of("02:00:00:00:00:ab"), c.cluster().mac());
        assertTrue(c.describe().contains("  mac: 02:00:00:00:00:ab\n"), c.describe());
    }

    @Test
    void ioThreadsDefaultToTheCpusTheNodeMayUse() {
        String nodes = "nodes: [ { id: node1, address: 198.18.1.1 } ]\n";
        ClusterConfig auto = DtsConfig.parse(nodes, "a.yaml").cluster();
        assertEquals(0, auto.ioThreads());
        assertEquals(3, auto.ioThreadsFor(3));
        assertEquals(1, auto.ioThreadsFor(0));
        DtsConfig one = DtsConfig.parse("cluster: { io-threads: 1 }\n" + nodes, "b.yaml");
        assertEquals(1, one.cluster().ioThreadsFor(8));
        assertTrue(one.describe().contains("  io-threads: 1\n"), one.describe());
    }

    @Test
    void fullFileGivesExactObjects() {
        DtsConfig config = DtsConfig.parse(FULL, "full.yaml");

        assertEquals(new ClusterConfig(Scalars.parseIpv4("198.18.0.20"), 8080, 1024, 0xbeef, 7170, 7171,
                250, 5000, 8192, 100, 600, 60, java.util.List.of(), 7072, Optional.empty()), config.cluster());
        assertEquals(List.of(
                new NodeConfig("node1", Scalars.parseIpv4("198.18.1.1"), Backend.embedded(),
                        Optional.of(Path.of("/srv/www"))),
                new NodeConfig("node2", Scalars.parseIpv4("198.18.1.2"), Backend.embedded(), Optional.empty()),
                new NodeConfig("node3", Scalars.parseIpv4("198.18.1.3"), Backend.http("127.0.0.1", 8080),
                        Optional.of(Path.of("/var/www")))), config.nodes());
        assertEquals(List.of("web", "api", "all"), List.copyOf(config.pools().keySet()));
        assertEquals(new PoolConfig("web", List.of("node1", "node2"), Policy.LOCALITY, 0, 10, 30, 0, false), config.pools().get("web"));
        assertEquals(PoolConfig.of("api", List.of("node3"), Policy.ROUND_ROBIN), config.pools().get("api"));
        assertEquals(PoolConfig.of("all", List.of("node1", "node2", "node3"), Policy.LEAST_CONNECTIONS),
                config.pools().get("all"));
        assertEquals(List.of(
                new RuleConfig(0, Match.builder().pathPrefix("/api/").build(), "api"),
                new RuleConfig(1, Match.builder().host("img.example.com").pathSuffix(".jpg").build(), "web"),
                new RuleConfig(2, Match.builder().pathRegex("^/v[0-9]+/").method("GET").build(), "web"),
                new RuleConfig(3, Match.builder().header(HeaderMatch.equalTo("X-Tenant", "gold")).build(), "web"),
                new RuleConfig(4, Match.builder().header(HeaderMatch.matching("X-Tier",
                        Pattern.compile("^(gold|silver)$"))).build(), "api"),
                new RuleConfig(5, Match.any(), "all")), config.rules());
        assertEquals("full.yaml", config.source());
        assertEquals(Optional.of("node3"), config.node("node3").map(NodeConfig::id));
        assertEquals(Optional.empty(), config.node("node4"));
    }

    @Test
    void regexIsCompiledAndMatchEqualityIgnoresPatternIdentity() {
        DtsConfig config = DtsConfig.parse(FULL, "full.yaml");
        Pattern regex = config.rules().get(2).match().pathRegex().orElseThrow();
        assertTrue(regex.matcher("/v12/x").find());
        assertFalse(regex.matcher("/x/v12/").find());
        assertNotEquals(Match.builder().pathRegex("^/v[0-9]+").build(), config.rules().get(2).match());
    }

    @Test
    void minimalFileTakesEveryDefault() {
        DtsConfig config = DtsConfig.parse("nodes:\n  - { id: a, address: 10.0.0.1 }\n", "min.yaml");

        ClusterConfig d = config.cluster();
        assertEquals(ClusterConfig.defaults(), d);
        assertEquals("198.18.0.10", d.vip().getHostAddress());
        assertEquals(80, d.port());
        assertEquals(4096, d.buckets());
        assertEquals(0x5eed, d.hashSeed());
        assertEquals(7070, d.controlPort());
        assertEquals(7071, d.adminPort());
        assertEquals(500, d.handoffTimeoutMillis());
        assertEquals(10_000, d.headTimeoutMillis());
        assertEquals(16_384, d.maxHeadBytes());
        assertEquals(1000, d.heartbeatMillis());
        assertEquals(3000, d.nodeDeadAfterMillis());
        assertEquals(2, d.flowTimeoutSeconds());
        assertEquals(Map.of("all", PoolConfig.locality("all", List.of("a"))), config.pools());
        assertEquals(List.of(new RuleConfig(0, Match.any(), "all")), config.rules());
        assertEquals(Backend.embedded(), config.nodes().get(0).backend());
    }

    @Test
    void poolPolicyDefaultsToLocalityWithDefaultLoadFactor() {
        DtsConfig config = DtsConfig.parse("""
                nodes: [ { id: a, address: 10.0.0.1 } ]
                pools: { p: { nodes: [a] } }
                """, "x");
        assertEquals(PoolConfig.locality("p", List.of("a")), config.pools().get("p"));
    }

    @Test
    void hashSeedAcceptsDecimalHexAndUnsigned32Bit() {
        String nodes = "nodes: [ { id: a, address: 10.0.0.1 } ]\n";
        assertEquals(42, DtsConfig.parse("cluster: { hash-seed: 42 }\n" + nodes, "x").cluster().hashSeed());
        assertEquals(0x5eed, DtsConfig.parse("cluster: { hash-seed: \"0x5eed\" }\n" + nodes, "x").cluster().hashSeed());
        assertEquals(0xFFFFFFFF, DtsConfig.parse("cluster: { hash-seed: 0xFFFFFFFF }\n" + nodes, "x").cluster().hashSeed());
    }

    @Test
    void httpBackendWithoutPortIsPort80() {
        DtsConfig config = DtsConfig.parse("nodes: [ { id: a, address: 10.0.0.1, backend: \"http://Web.local\" } ]", "x");
        assertEquals(Backend.http("web.local", 80), config.nodes().get(0).backend());
        assertEquals("http://web.local:80", config.nodes().get(0).backend().toString());
    }

    @Test
    void unixBackendNamesItsSocketPath() {
        DtsConfig config = DtsConfig.parse("nodes: [ { id: a, address: 10.0.0.1, backend: \"unix:/run/nginx/web.sock\" } ]", "x");
        assertEquals(Backend.unix(java.nio.file.Path.of("/run/nginx/web.sock")), config.nodes().get(0).backend());
        assertEquals("unix:/run/nginx/web.sock", config.nodes().get(0).backend().toString());
    }

    @Test
    void versionIgnoresLineEndsAndTrailingBlanksButNotContent() {
        String a = DtsConfig.parse(FULL, "a").version();
        assertEquals(12, a.length());
        assertTrue(a.matches("[0-9a-f]{12}"));
        assertEquals(a, DtsConfig.parse(FULL.replace("\n", "  \r\n") + "\n\n", "b").version());
        assertNotEquals(a, DtsConfig.parse(FULL.replace("load-high: 30", "load-high: 31"), "c").version());
    }

    @Test
    void loadReadsFileAndNamesIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("dts.yaml");
        Files.writeString(file, FULL);
        DtsConfig config = DtsConfig.load(file);
        assertEquals(file.toString(), config.source());
        assertEquals(DtsConfig.parse(FULL, "other").version(), config.version());
        assertEquals(6, config.rules().size());
    }

    @Test
    void describeListsEffectiveSettingsPoolsAndRulesInOrder() {
        String text = DtsConfig.parse(FULL, "full.yaml").describe();
        List<String> lines = text.lines().toList();
        assertTrue(lines.get(0).startsWith("# full.yaml, version "), lines.get(0));
        assertTrue(lines.contains("  vip: 198.18.0.20"), text);
        assertTrue(lines.contains("  hash-seed: 0xbeef"), text);
        assertTrue(lines.contains("  flow-timeout-seconds: 60"), text);
        assertTrue(lines.contains("  - node3: 198.18.1.3, backend http://127.0.0.1:8080, docroot /var/www"), text);
        assertTrue(lines.contains("  - node1: 198.18.1.1, backend embedded, docroot /srv/www"), text);
        assertTrue(lines.contains("  web: locality, load-low 10, load-high 30, replicate-max-bytes 0, replicate-into-free-memory false, nodes [node1, node2]"), text);
        assertTrue(lines.contains("  api: round-robin, nodes [node3]"), text);
        assertTrue(lines.contains("  all: least-connections, nodes [node1, node2, node3] (every node)"), text);
        int r0 = lines.indexOf("  [0] path-prefix /api/ -> api");
        int r1 = lines.indexOf("  [1] host img.example.com, path-suffix .jpg -> web");
        int r2 = lines.indexOf("  [2] path-regex ^/v[0-9]+/, method GET -> web");
        int r3 = lines.indexOf("  [3] header X-Tenant = gold -> web");
        int r4 = lines.indexOf("  [4] header X-Tier ~ ^(gold|silver)$ -> api");
        int r5 = lines.indexOf("  [5] any -> all");
        assertTrue(r0 > 0 && r0 < r1 && r1 < r2 && r2 < r3 && r3 < r4 && r4 < r5, text);
        assertFalse(text.contains("503"), text);
    }

    @Test
    void describeFlagsUnreachableRulesAndMissingDefault() {
        String nodes = "nodes: [ { id: a, address: 10.0.0.1 } ]\n";
        String unreachable = DtsConfig.parse(nodes + "rules: [ { pool: all }, { match: { method: GET }, pool: all } ]",
                "x").describe();
        assertTrue(unreachable.contains("[1] method GET -> all (unreachable: rule [0] matches every request)"),
                unreachable);
        String noDefault = DtsConfig.parse(nodes + "rules: [ { match: { method: GET }, pool: all } ]", "x").describe();
        assertTrue(noDefault.contains("requests matching no rule: 503"), noDefault);
        String implicit = DtsConfig.parse(nodes, "x").describe();
        assertTrue(implicit.contains("[0] any -> all (default: no rules given)"), implicit);
    }
}
