package dts.inspector.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dts.config.DtsConfig;
import dts.hashring.Keys;
import dts.hashring.NodePicker;
import dts.inspector.route.Decision.Outcome;

/** What each pool policy picks, with live and dead nodes and under load. */
class PlacementTest {

    static final DtsConfig CONFIG = DtsConfig.parse("""
            nodes:
              - { id: a, address: 10.0.0.1 }
              - { id: b, address: 10.0.0.2 }
              - { id: c, address: 10.0.0.3 }
              - { id: d, address: 10.0.0.4 }
            pools:
              loc:    { nodes: [a, b, c, d], policy: locality, load-low: 2, load-high: 5 }
              bh:     { nodes: [a, b, c, d], policy: bounded-hash, load-factor: 1.25 }
              rr:     { nodes: [a, b, c], policy: round-robin }
              least:  { nodes: [a, b, c, d], policy: least-connections }
              sticky: { nodes: [a, b, c, d], policy: client-hash }
            rules:
              - { match: { path-prefix: /rr/ }, pool: rr }
              - { match: { path-prefix: /least/ }, pool: least }
              - { match: { path-prefix: /sticky/ }, pool: sticky }
              - { match: { path-prefix: /bh/ }, pool: bh }
              - { pool: loc }
            """, "placement.yaml");
    static final Set<String> ALL = Set.of("a", "b", "c", "d");

    private final Router router = Router.create(CONFIG);

    private String node(String path, Set<String> live, LoadView load) {
        Decision d = router.route(Heads.get(path), "192.0.2.7", live, load);
        assertEquals(Outcome.ROUTED, d.outcome(), d.toString());
        return d.nodeId();
    }

    /** The hash order of a path over some nodes, computed independently of the router. */
    private static String hashChoice(String path, int attempt, String... nodes) {
        return NodePicker.rendezvous(List.of(nodes)).pick(Keys.hash(path), attempt);
    }

    @Test
    void localityAtIdleIsTheHashNodeOfThePathAndIgnoresTheQuery() {
        Map<String, Integer> perNode = new HashMap<>();
        for (int i = 0; i < 400; i++) {
            String path = "/img/" + i + ".jpg";
            String chosen = node(path, ALL, LoadView.idle());
            assertEquals(hashChoice(path, 0, "a", "b", "c", "d"), chosen, path);
            assertEquals(chosen, node(path + "?v=" + i, ALL, LoadView.idle()));
            perNode.merge(chosen, 1, Integer::sum);
        }
        assertEquals(4, perNode.size(), perNode.toString());
        perNode.values().forEach(n -> assertTrue(n > 60, perNode.toString())); // 100 expected each
    }

    @Test
    void localityOnlyMovesPathsOfADeadNode() {
        Set<String> withoutB = Set.of("a", "c", "d");
        for (int i = 0; i < 200; i++) {
            String path = "/p/" + i;
            String before = node(path, ALL, LoadView.idle());
            String after = node(path, withoutB, LoadView.idle());
            if (!before.equals("b")) {
                assertEquals(before, after, path);
            }
            assertNotEquals("b", after);
        }
    }

    @Test
    void coldUrlAtLowLoadAlwaysLandsOnItsHashNode() {
        // total 6 over 4 nodes: capacity ceil(7 / 4 * 1.25) = 3, and every node holds fewer
        Map<String, Integer> low = Map.of("a", 1, "b", 2, "c", 1, "d", 2);
        for (int i = 0; i < 200; i++) {
            String path = "/bh/cold/" + i;
            assertEquals(hashChoice(path, 0, "a", "b", "c", "d"), node(path, ALL, low::get), path);
        }
    }

    @Test
    void hotUrlPassesOverItsNodeOnceOverTheBound() {
        String hot = "/bh/hot.html";
        String first = hashChoice(hot, 0, "a", "b", "c", "d");
        Map<String, Integer> load = new HashMap<>(Map.of("a", 0, "b", 0, "c", 0, "d", 0));
        load.put(first, 3); // total 3: capacity ceil(4 / 4 * 1.25) = 2 -> first is over
        assertEquals(hashChoice(hot, 1, "a", "b", "c", "d"), node(hot, ALL, load::get));
        load.put(first, 1); // total 1: capacity ceil(2 / 4 * 1.25) = 1 -> still over (1 is not < 1)
        assertEquals(hashChoice(hot, 1, "a", "b", "c", "d"), node(hot, ALL, load::get));
        load.put(first, 1);
        load.put(hashChoice(hot, 1, "a", "b", "c", "d"), 1); // total 2: capacity 1, second over too
        assertEquals(hashChoice(hot, 2, "a", "b", "c", "d"), node(hot, ALL, load::get));
    }

    @Test
    void hotUrlSpreadsOverThePoolAndNoNodeExceedsTheBound() {
        String hot = "/bh/hot.html";
        String first = hashChoice(hot, 0, "a", "b", "c", "d");
        Map<String, Integer> load = new HashMap<>(Map.of("a", 0, "b", 0, "c", 0, "d", 0));
        for (int total = 0; total < 100; total++) {
            String chosen = node(hot, ALL, load::get);
            long capacity = BoundedHashPlacement.capacity(total, 4, 1.25);
            assertTrue(load.get(chosen) < capacity, "chose " + chosen + " over capacity " + capacity + ": " + load);
            load.merge(chosen, 1, Integer::sum); // connections stay open
        }
        assertEquals(4, load.values().stream().filter(n -> n > 0).count(), load.toString());
        assertTrue(load.values().stream().allMatch(n -> n <= 32), load.toString()); // ceil(100 / 4 * 1.25)
        assertEquals(load.values().stream().mapToInt(n -> n).max().getAsInt(), load.get(first), load.toString());
    }

    @Test
    void whenEveryNodeIsOverTheBoundTheHashNodeTakesIt() {
        // Loads change between reads: every node reports 10 whatever the total, so all are over.
        LoadView busy = node -> 10;
        String path = "/bh/x";
        assertEquals(hashChoice(path, 0, "a", "b", "c", "d"), node(path, ALL, busy));
    }

    @Test
    void lardKeepsAPathHomeUntilTheHomeIsOverHighAndAnotherUnderLow() {
        String path = "/lard/a.bin";
        String home = hashChoice(path, 0, "a", "b", "c", "d");
        String second = hashChoice(path, 1, "a", "b", "c", "d");
        String third = hashChoice(path, 2, "a", "b", "c", "d");
        Map<String, Integer> load = new HashMap<>(Map.of("a", 3, "b", 3, "c", 3, "d", 3));
        load.put(home, 5); // at load-high: moderate, stays
        assertEquals(home, node(path, ALL, load::get));
        load.put(home, 6); // over load-high, but nobody under load-low (2)
        assertEquals(home, node(path, ALL, load::get));
        load.put(third, 1); // now the third in the path's order is under load-low: it takes it
        assertEquals(third, node(path, ALL, load::get));
        load.put(second, 0); // the earlier one in the path's order wins: a stable second home
        assertEquals(second, node(path, ALL, load::get));
        load.put(second, 9);
        load.put(third, 9);
        load.put(home, 10); // at twice load-high: the least loaded member, whatever load-low says
        String least = hashChoice(path, 3, "a", "b", "c", "d");
        load.put(least, 4);
        assertEquals(least, node(path, ALL, load::get));
    }

    @Test
    void lardKeepsAPathHomeWhenEveryMemberIsOverHigh() {
        String path = "/lard/all-busy.bin";
        String home = hashChoice(path, 0, "a", "b", "c", "d");
        String least = hashChoice(path, 3, "a", "b", "c", "d");
        Map<String, Integer> load = new HashMap<>(Map.of("a", 9, "b", 9, "c", 9, "d", 9));
        load.put(home, 12); // over twice load-high (5)
        load.put(least, 6); // the least loaded is over load-high too: a move would only trade a hit for a miss
        assertEquals(home, node(path, ALL, load::get));
        load.put(least, 5); // at load-high: moderate, it takes it
        assertEquals(least, node(path, ALL, load::get));
    }

    @Test
    void lardAtLowLoadNeverSpills() {
        for (int i = 0; i < 300; i++) {
            String path = "/lard/low/" + i;
            Map<String, Integer> load = Map.of("a", i % 6, "b", (i + 1) % 6, "c", (i + 2) % 6, "d", (i + 3) % 6); // all <= high 5
            assertEquals(hashChoice(path, 0, "a", "b", "c", "d"), node(path, ALL, load::get), path);
        }
    }

    /** A path whose LARD home is not {@code here}, under the {@code loc} pool. */
    private static String pathAwayFrom(String here) {
        for (int i = 0; ; i++) {
            String path = "/lard/kept/" + i;
            if (!hashChoice(path, 0, "a", "b", "c", "d").equals(here)) return path;
        }
    }

    private final List<String> hints = new ArrayList<>();

    private String kept(String path, String here, long missBytes, LoadView load) {
        Decision d = router.route(Heads.get(path), "192.0.2.7", ALL, ALL, load, new LocalCache() {
            @Override public String nodeId() { return here; }
            @Override public long missBytes(String p) {
                assertEquals(path, p);
                return missBytes;
            }
            @Override public void replicate(String p) { hints.add(p); }
        });
        return d.nodeId();
    }

    @Test
    void aRequestStaysWhereItsWholeFileIsCachedAndSmallMissesAreReplicated() {
        String path = pathAwayFrom("a");
        String home = hashChoice(path, 0, "a", "b", "c", "d");
        LoadView idle = LoadView.idle();
        assertEquals("a", kept(path, "a", 0, idle), "wholly in a's page cache: a is one of its servers");
        assertEquals(List.of(), hints);
        assertEquals(home, kept(path, "a", 32 * 1024, idle), "32 KiB missing: home, and a is asked to replicate it");
        assertEquals(List.of(path), hints);
        assertEquals(home, kept(path, "a", 32 * 1024 + 1, idle), "a larger miss: home, no replica");
        assertEquals(home, kept(path, "a", LocalCache.UNKNOWN, idle), "a node that cannot tell moves it");
        assertEquals(List.of(path), hints);
        assertEquals(home, router.route(Heads.get(path), "192.0.2.7", ALL, ALL, idle, LocalCache.none()).nodeId(),
                "no node to keep it: LARD's alone");
    }

    @Test
    void aRequestLeavesANodeOverLoadHighOrOutsideThePool() {
        String path = pathAwayFrom("a");
        String home = hashChoice(path, 0, "a", "b", "c", "d");
        assertEquals("a", kept(path, "a", 0, node -> node.equals("a") ? 5 : 4), "at load-high, one more than the home: stays");
        assertEquals(home, kept(path, "a", 0, node -> node.equals("a") ? LardPlacement.STAY_SLACK + 1 : 0), "busier than an idle home by more than the slack: LARD decides");
        Set<String> withoutA = Set.of("b", "c", "d");
        Decision d = router.route(Heads.get(path), "192.0.2.7", withoutA, withoutA, LoadView.idle(), LocalCache.of("a", p -> 0));
        assertNotEquals("a", d.nodeId(), "a node not live in the pool never keeps it");
        String rr = router.route(Heads.get("/rr/x"), "192.0.2.7", ALL, ALL, LoadView.idle(), LocalCache.of("z", p -> 0)).nodeId();
        assertTrue(Set.of("a", "b", "c").contains(rr), "other policies ignore the local cache: " + rr);
    }

    @Test
    void aRequestStaysOnlyWhereItsNodeIsNoBusierThanLardsChoice() {
        String path = pathAwayFrom("a");
        String home = hashChoice(path, 0, "a", "b", "c", "d");
        int slack = LardPlacement.STAY_SLACK;
        assertTrue(LardPlacement.staysOn(slack, 0, 100), "the slack more than an idle home: stays");
        assertFalse(LardPlacement.staysOn(slack + 1, 0, 100), "more: moves, so connections do not gather where most is cached");
        assertTrue(LardPlacement.staysOn(2 * 10 + slack, 10, 100), "twice the choice's + the slack: stays");
        assertFalse(LardPlacement.staysOn(2 * 10 + slack + 1, 10, 100), "more: moves");
        assertTrue(LardPlacement.staysOn(100, 10, 10), "the choice not lightly loaded: a move would only add a hand-off between busy nodes");
        assertEquals(home, kept(path, "a", 0, node -> node.equals("a") ? slack + 1 : 0), "through the router: moves");
        assertEquals("a", kept(path, "a", 0, node -> node.equals("a") ? 12 : node.equals(home) ? 7 : 12),
                "LARD's choice is not lightly loaded (load-low 2): stays");
        LoadView noisy = new LoadView() {
            @Override public int load(String node) { return node.equals("a") ? 9 : 0; } // a sample: a burst here
            @Override public int steadyLoad(String node) { return 1; } // the averages: even
        };
        assertEquals("a", kept(path, "a", 0, noisy), "the stay rule reads the averages, not a burst");
    }

    @Test
    void aLargeFileIsReplicatedOnlyIntoFreeMemory() {
        String path = pathAwayFrom("a");
        String home = hashChoice(path, 0, "a", "b", "c", "d");
        long miss = 1 << 20;
        for (long room : new long[] {0, miss - 1, miss}) {
            hints.clear();
            Decision d = router.route(Heads.get(path), "192.0.2.7", ALL, ALL, LoadView.idle(), new LocalCache() {
                @Override public String nodeId() { return "a"; }
                @Override public long missBytes(String p) { return miss; }
                @Override public void replicate(String p) { hints.add(p); }
                @Override public long roomBytes() { return room; }
            });
            assertEquals(home, d.nodeId(), "a file not cached here goes home");
            assertEquals(room >= miss ? List.of(path) : List.of(), hints, "room " + room + " for a miss of " + miss);
        }
    }

    @Test
    void replicateMaxBytesZeroKeepsOnlyCachedFilesAndMinusOneNothing() {
        Router strict = Router.create(DtsConfig.parse("""
                nodes:
                  - { id: a, address: 10.0.0.1 }
                  - { id: b, address: 10.0.0.2 }
                pools:
                  cached: { nodes: [a, b], policy: locality, replicate-max-bytes: 0 }
                  plain:  { nodes: [a, b], policy: locality, replicate-max-bytes: -1 }
                rules:
                  - { match: { path-prefix: /off/ }, pool: plain }
                  - { pool: cached }
                """, "strict.yaml"));
        Set<String> ab = Set.of("a", "b");
        for (int i = 0; i < 50; i++) {
            String path = "/p/" + i;
            String off = "/off/" + i;
            String other = hashChoice(path, 0, "a", "b").equals("a") ? "b" : "a";
            assertEquals(other, strict.route(Heads.get(path), "", ab, ab, LoadView.idle(), LocalCache.of(other, p -> 0)).nodeId());
            assertNotEquals(other, strict.route(Heads.get(path), "", ab, ab, LoadView.idle(), LocalCache.of(other, p -> 1)).nodeId());
            assertEquals(other, strict.route(Heads.get(path), "", ab, ab, LoadView.idle(), LocalCache.of(other, p -> 0)).nodeId(),
                    "replicate-max-bytes 0 still keeps a wholly cached file");
            String offHome = hashChoice(off, 0, "a", "b");
            String offOther = offHome.equals("a") ? "b" : "a";
            assertEquals(offHome, strict.route(Heads.get(off), "", ab, ab, LoadView.idle(), LocalCache.of(offOther, p -> 0)).nodeId());
        }
    }

    @ParameterizedTest(name = "capacity(total {0}, n {1}, lf {2}) = {3}")
    @CsvSource({"0, 4, 1.25, 1", "3, 4, 1.25, 2", "7, 4, 1.25, 3", "99, 4, 1.25, 32", "9, 11, 1.1, 1",
                "10, 11, 1.1, 2", "0, 1, 1.0, 1", "5, 2, 1.0, 3", "1000, 3, 2.0, 668"})
    void capacityIsTheCeilingOfTheBoundedMean(long total, int n, double loadFactor, long expected) {
        assertEquals(expected, BoundedHashPlacement.capacity(total, n, loadFactor));
    }

    @Test
    void roundRobinCyclesOverLiveMembersInPoolOrder() {
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            seen.add(node("/rr/" + i, ALL, LoadView.idle()));
        }
        assertEquals(List.of("a", "b", "c", "a", "b", "c"), seen);
        Set<String> withoutB = Set.of("a", "c", "d");
        Set<String> next = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            next.add(node("/rr/x", withoutB, LoadView.idle()));
        }
        assertEquals(Set.of("a", "c"), next);
    }

    @Test
    void leastConnectionsPicksTheLeastLoadedLiveMember() {
        Map<String, Integer> load = Map.of("a", 5, "b", 2, "c", 7, "d", 1);
        assertEquals("d", node("/least/x", ALL, load::get));
        assertEquals("b", node("/least/x", Set.of("a", "b", "c"), load::get));
    }

    @Test
    void leastConnectionsBreaksTiesByHashOrderDeterministically() {
        Map<String, Integer> load = Map.of("a", 1, "b", 3, "c", 1, "d", 2);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            String path = "/least/" + i;
            String expected = firstOf(path, Set.of("a", "c")); // a and c tie at 1
            seen.add(expected);
            assertEquals(expected, node(path, ALL, load::get), path);
            assertEquals(expected, node(path, ALL, load::get), path);
        }
        assertEquals(Set.of("a", "c"), seen); // both tied nodes get some paths
    }

    /** The first of {@code among} in the path's hash order over all four nodes. */
    private static String firstOf(String path, Set<String> among) {
        for (int attempt = 0; attempt < 4; attempt++) {
            String node = hashChoice(path, attempt, "a", "b", "c", "d");
            if (among.contains(node)) {
                return node;
            }
        }
        throw new AssertionError();
    }

    @Test
    void clientHashIsStickyPerClientWhateverThePath() {
        Map<String, Integer> perNode = new HashMap<>();
        for (int client = 0; client < 200; client++) {
            String address = "198.51.100." + client;
            String chosen = router.route(Heads.get("/sticky/0"), address, ALL, LoadView.idle()).nodeId();
            for (int i = 1; i < 5; i++) {
                Decision d = router.route(Heads.get("/sticky/" + i), address, ALL, node -> 1000);
                assertEquals(chosen, d.nodeId(), address);
            }
            String withoutC = router.route(Heads.get("/sticky/0"), address, Set.of("a", "b", "d"), LoadView.idle())
                    .nodeId();
            if (!chosen.equals("c")) {
                assertEquals(chosen, withoutC, "a client of a live node moved: " + address);
            }
            perNode.merge(chosen, 1, Integer::sum);
        }
        assertEquals(4, perNode.size(), perNode.toString());
    }

    @Test
    void noLiveMemberIsNoLiveNode() {
        assertEquals(new Decision(null, 0, "rr", Outcome.NO_LIVE_NODE),
                router.route(Heads.get("/rr/"), "c", Set.of("d"), LoadView.idle()));
        assertEquals(new Decision(null, 4, "loc", Outcome.NO_LIVE_NODE),
                router.route(Heads.get("/"), "c", Set.of(), LoadView.idle()));
    }

    @Test
    void liveNodesUnknownToTheConfigAreIgnored() {
        Set<String> live = Set.of("b", "ghost", "node9");
        for (int i = 0; i < 20; i++) {
            assertEquals("b", node("/p/" + i, live, LoadView.idle()));
        }
        assertEquals(new Decision(null, 0, "rr", Outcome.NO_LIVE_NODE),
                router.route(Heads.get("/rr/"), "c", Set.of("ghost", "d"), LoadView.idle()));
    }

    @Test
    void aLiveSetChangedInPlaceIsSeenOnTheNextRoute() {
        Set<String> live = new HashSet<>(ALL);
        String path = "/in-place";
        String first = node(path, live, LoadView.idle());
        live.remove(first);
        String second = node(path, live, LoadView.idle());
        assertNotEquals(first, second);
        live.add(first);
        assertEquals(first, node(path, live, LoadView.idle()));
    }
}
