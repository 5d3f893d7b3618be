package dts.node.health;

import dts.config.DtsConfig;
import dts.inspector.http.HeadParser;
import dts.inspector.http.RequestHead;
import dts.inspector.route.Decision;
import dts.inspector.route.LoadView;
import dts.inspector.route.Router;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Placement leaves out live nodes whose web servers are down, unless a pool has no other. */
class HealthyPlacerTest {
    private static final DtsConfig CONFIG = DtsConfig.parse("""
            nodes:
              - { id: n1, address: 10.0.0.1 }
              - { id: n2, address: 10.0.0.2 }
              - { id: n3, address: 10.0.0.3 }
            pools:
              api: { nodes: [n3], policy: round-robin }
            rules:
              - { match: { path-prefix: /api/ }, pool: api }
              - { pool: all }
            """, "health.yaml");
    private static final HeadParser PARSER = HeadParser.create(16_384);
    private final Set<String> live = Set.of("n1", "n2", "n3");
    private final AtomicBoolean selfUp = new AtomicBoolean(true);
    private final AtomicReference<Set<String>> peersDown = new AtomicReference<>(Set.of());
    private final BackendsDown down = new BackendsDown("n1", selfUp::get, peersDown::get);
    private final HealthyPlacer placer = new HealthyPlacer(() -> Router.create(CONFIG), () -> live, down, LoadView.idle());

    private static RequestHead get(String path) {
        byte[] b = ("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        return PARSER.parse(b, 0, b.length).head();
    }

    /** The nodes 60 different paths of the catch-all rule went to. */
    private Set<String> servers() {
        Set<String> s = new HashSet<>();
        for (int i = 0; i < 60; i++) s.add(placer.decide(get("/p" + i), "192.0.2.1").nodeId());
        return s;
    }

    @Test
    void aNodeWhosePageCacheHoldsTheFileKeepsItsRequestsUnlessItsWebServerIsDown() {
        HealthyPlacer cached = new HealthyPlacer(() -> Router.create(CONFIG), () -> live, down, LoadView.idle(),
                dts.inspector.route.LocalCache.of("n1", path -> 0));
        for (int i = 0; i < 30; i++) assertEquals("n1", cached.decide(get("/p" + i), "192.0.2.1").nodeId());
        assertEquals("n3", cached.decide(get("/api/x"), "192.0.2.1").nodeId(), "a pool without n1 is not n1's to keep");
        selfUp.set(false);
        Set<String> s = new HashSet<>();
        for (int i = 0; i < 30; i++) s.add(cached.decide(get("/p" + i), "192.0.2.1").nodeId());
        assertEquals(Set.of("n2", "n3"), s, "n1's web server is down: it keeps nothing");
    }

    @Test
    void everyLiveNodeServesWhileAllBackendsAreUp() {
        assertEquals(live, servers());
        assertSame(live, placer.healthy(live), "no copy while nothing is down");
    }

    @Test
    void aPeerThatAnnouncedItsBackendDownIsLeftOut() {
        peersDown.set(Set.of("n2"));
        assertEquals(Set.of("n1", "n3"), servers());
        peersDown.set(Set.of());
        assertEquals(live, servers(), "back once it announces up");
    }

    @Test
    void thisNodeIsLeftOutWhileItsOwnBackendIsDown() {
        selfUp.set(false);
        assertEquals(Set.of("n2", "n3"), servers());
        assertEquals(Set.of("n1"), down.get());
        assertSame(down.get(), down.get(), "the same set while nothing changes");
    }

    @Test
    void aPoolWhoseEveryNodeIsDownIsRoutedAsIfAllWereUp() {
        peersDown.set(Set.of("n3"));
        Decision d = placer.decide(get("/api/v1"), "192.0.2.1");
        assertEquals(Decision.Outcome.ROUTED, d.outcome(), "not a 503");
        assertEquals("n3", d.nodeId());
        assertFalse(servers().contains("n3"), "the other pool still avoids it");
    }

    @Test
    void everyNodeDownRoutesAsIfAllWereUp() {
        selfUp.set(false);
        peersDown.set(Set.of("n2", "n3"));
        assertEquals(live, servers());
        assertTrue(placer.healthy(live).isEmpty());
        assertSame(placer.healthy(live), placer.healthy(live), "cached per (live, down)");
    }
}
