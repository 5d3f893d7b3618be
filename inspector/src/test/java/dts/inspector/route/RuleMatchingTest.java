package dts.inspector.route;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dts.config.DtsConfig;
import dts.inspector.http.RequestHead;
import dts.inspector.route.Decision.Outcome;

/** Which rule a request head matches: one row per match type and combination. */
class RuleMatchingTest {
    static final DtsConfig CONFIG = DtsConfig.parse("""
            nodes:
              - { id: n1, address: 10.0.0.1 }
              - { id: n2, address: 10.0.0.2 }
              - { id: n3, address: 10.0.0.3 }
            pools:
              web: { nodes: [n1, n2] }
              api: { nodes: [n3], policy: round-robin }
            rules:
              - { match: { path-prefix: /api/ }, pool: api }                                  # 0
              - { match: { host: img.example.com, path-suffix: .jpg }, pool: web }            # 1
              - { match: { path-regex: "^/v[0-9]+/", method: GET }, pool: web }               # 2
              - { match: { header: { name: X-Tenant, value: gold } }, pool: api }             # 3
              - { match: { header: { name: X-Tier, regex: "^(silver|bronze)$" } }, pool: web } # 4
              - { match: { header: { name: X-Debug } }, pool: api }                           # 5
              - { match: { method: POST }, pool: api }                                        # 6
              - { match: { host: static.example.com }, pool: web }                            # 7
              - { pool: all }                                                                 # 8
            """, "rules.yaml");
    static final Set<String> ALL_LIVE = Set.of("n1", "n2", "n3");

    static Stream<Arguments> table() {
        return Stream.of(
                row("path-prefix", Heads.get("/api/users"), 0),
                row("path-prefix is on the normalized path", Heads.get("/x/../api/users?q=1"), 0),
                row("path-prefix needs the whole prefix", Heads.get("/api"), 8),
                row("prefix beats later rules (first match wins)", Heads.request("POST", "/api/x"), 0),
                row("host + suffix", Heads.get("/a/b.jpg", "Host: img.example.com"), 1),
                row("host is case-insensitive, port ignored", Heads.get("/b.jpg", "Host: IMG.Example.COM:8080"), 1),
                row("host from absolute-form target", Heads.get("http://img.example.com/c.jpg"), 1),
                row("host without suffix fails the combination", Heads.get("/a/b.png", "Host: img.example.com"), 8),
                row("suffix without host fails the combination", Heads.get("/a/b.jpg"), 8),
                row("suffix ignores the query", Heads.get("/b.jpg?size=2", "Host: img.example.com"), 1),
                row("regex + method", Heads.get("/v2/items"), 2),
                row("regex is anchored by ^", Heads.get("/x/v2/items"), 8),
                row("regex with the other method", Heads.request("HEAD", "/v2/items"), 8),
                row("header value, name case-insensitive", Heads.get("/", "x-tenant: gold"), 3),
                row("header value is exact", Heads.get("/", "X-Tenant: golden"), 8),
                row("header first value counts", Heads.get("/", "X-Tenant: silver", "X-Tenant: gold"), 8),
                row("header regex", Heads.get("/", "X-Tier: bronze"), 4),
                row("header regex no match", Heads.get("/", "X-Tier: gold"), 8),
                row("header present, any value", Heads.get("/", "X-Debug: "), 5),
                row("method", Heads.request("POST", "/upload"), 6),
                row("method is case-sensitive", Heads.request("post", "/upload"), 8),
                row("host exact, not suffix", Heads.get("/", "Host: cdn.static.example.com"), 8),
                row("host exact", Heads.get("/", "Host: static.example.com"), 7),
                row("no host (HTTP/1.0) matches no host rule", Heads.parse("GET /a.jpg HTTP/1.0\r\n\r\n"), 8),
                row("default rule", Heads.get("/index.html"), 8));
    }

    private static Arguments row(String name, RequestHead head, int rule) {
        return Arguments.of(name, head, rule);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void firstMatchingRuleWins(String name, RequestHead head, int expectedRule) {
        Decision decision = Router.create(CONFIG).route(head, "192.0.2.1", ALL_LIVE, LoadView.idle());
        assertEquals(expectedRule, decision.ruleIndex(), name);
        assertEquals(CONFIG.rules().get(expectedRule).pool(), decision.pool());
        assertEquals(Outcome.ROUTED, decision.outcome());
        Set<String> poolNodes = Set.copyOf(CONFIG.pools().get(decision.pool()).nodes());
        assertEquals(true, poolNodes.contains(decision.nodeId()), decision.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void poolOfNamesTheFirstMatchingRulesPoolAndCountsNoHit(String name, RequestHead head, int expectedRule) {
        Router router = Router.create(CONFIG);
        assertEquals(CONFIG.rules().get(expectedRule).pool(), router.poolOf(head), name);
        assertArrayEquals(new long[CONFIG.rules().size()], router.ruleHits(), "no hit counted");
    }

    @Test
    void withoutRulesEverythingGoesToAll() {
        DtsConfig config = DtsConfig.parse("nodes: [ { id: a, address: 10.0.0.1 } ]", "x");
        Decision d = Router.create(config).route(Heads.request("DELETE", "/x"), "c", Set.of("a"), LoadView.idle());
        assertEquals(new Decision("a", 0, "all", Outcome.ROUTED), d);
    }

    @Test
    void noMatchingRuleIsNoMatch() {
        DtsConfig config = DtsConfig.parse("""
                nodes: [ { id: a, address: 10.0.0.1 } ]
                rules: [ { match: { path-prefix: /only/ }, pool: all } ]
                """, "x");
        Router router = Router.create(config);
        assertEquals(new Decision(null, -1, null, Outcome.NO_MATCH),
                router.route(Heads.get("/other"), "c", Set.of("a"), LoadView.idle()));
        assertArrayEquals(new long[] {0}, router.ruleHits());
        assertEquals(null, router.poolOf(Heads.get("/other")));
    }

    @Test
    void hitsAreCountedPerRule() {
        Router router = Router.create(CONFIG);
        for (int i = 0; i < 3; i++) {
            router.route(Heads.get("/api/x"), "c", ALL_LIVE, LoadView.idle());
        }
        router.route(Heads.get("/v1/"), "c", ALL_LIVE, LoadView.idle());
        router.route(Heads.get("/"), "c", Set.of(), LoadView.idle()); // counted even with no live node
        assertArrayEquals(new long[] {3, 0, 1, 0, 0, 0, 0, 0, 1}, router.ruleHits());
    }
}
