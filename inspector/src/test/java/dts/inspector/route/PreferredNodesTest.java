package dts.inspector.route;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;

import org.junit.jupiter.api.Test;

import dts.config.DtsConfig;
import dts.inspector.route.Decision.Outcome;

/** Routing among preferred nodes (web servers up), falling back per pool to every live member. */
class PreferredNodesTest {
    private static final DtsConfig CONFIG = DtsConfig.parse("""
            nodes:
              - { id: a, address: 10.0.0.1 }
              - { id: b, address: 10.0.0.2 }
              - { id: c, address: 10.0.0.3 }
            pools:
              img: { nodes: [c], policy: round-robin }
              web: { nodes: [a, b, c], policy: round-robin }
            rules:
              - { match: { path-prefix: /img/ }, pool: img }
              - { pool: web }
            """, "preferred.yaml");
    private static final Set<String> LIVE = Set.of("a", "b", "c");
    private final Router router = Router.create(CONFIG);

    private Decision route(String path, Set<String> preferred) {
        return router.route(Heads.get(path), "192.0.2.7", preferred, LIVE, LoadView.idle());
    }

    @Test
    void onlyPreferredNodesServeWhileThePoolHasOne() {
        for (int i = 0; i < 30; i++) {
            Decision d = route("/page" + i, Set.of("a", "c"));
            assertEquals(Outcome.ROUTED, d.outcome());
            assertEquals(true, Set.of("a", "c").contains(d.nodeId()), d.toString());
        }
    }

    @Test
    void aPoolWithNoPreferredMemberIsServedByItsLiveMembersNot503() {
        Decision d = route("/img/x.jpg", Set.of("a", "b"));
        assertEquals(new Decision("c", 0, "img", Outcome.ROUTED), d);
        // and the other pool still avoids c
        for (int i = 0; i < 30; i++) assertEquals(true, Set.of("a", "b").contains(route("/p" + i, Set.of("a", "b")).nodeId()));
    }

    @Test
    void noneLiveIsStill503AndEachRequestIsCountedOnce() {
        Decision d = router.route(Heads.get("/img/y"), "192.0.2.7", Set.of(), Set.of("a"), LoadView.idle());
        assertEquals(Outcome.NO_LIVE_NODE, d.outcome());
        route("/img/z", Set.of("a"));
        route("/q", Set.of("a"));
        assertArrayEquals(new long[] {2, 1}, router.ruleHits());
    }
}
