package dts.node.e2e;

import dts.hashring.BucketTable;
import dts.splicer.nft.NftJhash;
import dts.testbed.NodeDrill;
import dts.testbed.NodeHandle;
import dts.testbed.Testbed;
import dts.testbed.TestbedNames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Live moves under busy keep-alive clients (a request every millisecond or two on each connection),
 * so that requests reach connections while they are frozen:
 * <ol>
 *   <li>{@code move} node2 → node4, again and again: no request fails, and the client sends no segment
 *   twice (its TCP retransmission counter stays put), because the segments a frozen socket drops are
 *   held by the nodes' taps and put into the live socket (frozen_segments_reinjected counts them);</li>
 *   <li>a move whose target dies mid-batch: node3 is frozen, node2 starts moving its connections to it
 *   (PREPAREs that get no answer), node3 is killed: every connection stays with node2 (no READY in
 *   time: the source thaws it and serves it) and no client of node2 sees an error (new connections
 *   whose SYN node3's kernel answered while its daemon was frozen die with node3, as in any kill).</li>
 * </ol>
 * The wire capture at the client sees no RST from the VIP and no SYN answered twice.
 */
class FrozenMovesE2ETest {
    private static final int BUSY_CONNECTIONS = 24;
    private static final long PAUSE_MILLIS = 1;
    private static final int MOVE_ROUNDS = 30;
    private static final int BUCKETS = 4096;
    private static final int SEED = 0x5eed;
    @TempDir
    Path dir;

    @Test
    void movesUnderBusyConnectionsLoseNoSegmentAndADyingTargetCostsNoClientAnything() throws Exception {
        TestDocroot docroot = TestDocroot.create(dir.resolve("www"), 4);
        Testbed tb = Testbed.up(Testbed.Options.builder(dir.resolve("state")).nodes(4).docroot(docroot.dir()).build());
        try (WireAudit wire = new WireAudit(tb.clientNamespace(), tb.vip(), tb.port())) {
            ClusterStatus.awaitConverged(tb, 4, 15_000);
            ClusterStatus.awaitServing(tb, List.of("node1", "node2", "node3", "node4"), 20_000);
            NodeHandle node2 = tb.nodes().get(1);
            List<String> small = docroot.pathsUpTo(16 << 10);
            List<String> node2Paths = small.stream().filter(p -> "node2".equals(DrainE2ETest.servedBy(tb, p))).toList();
            assertTrue(!node2Paths.isEmpty(), "no path of " + small + " is served by node2");
            DrillLoad load = new DrillLoad(tb.clientNamespace(), tb.vip(), tb.port(), docroot, node2Paths, 0, BUSY_CONNECTIONS, PAUSE_MILLIS);
            long moved = 0;
            long retransDuring;
            try {
                DrainE2ETest.awaitHolding(node2, 10_000);
                long retransBefore = tb.clientRetransmissions();
                for (int round = 0; round < MOVE_ROUNDS; round++) {
                    String r = ClusterStatus.post(tb, node2, "/move/node4/1000");
                    assertTrue(r.startsWith("200 moving "), r);
                    moved += Long.parseLong(r.substring("200 moving ".length()).split("\\D", 2)[0]);
                    Thread.sleep(100);
                }
                Thread.sleep(500);
                retransDuring = tb.clientRetransmissions() - retransBefore;

                long fallbacksBefore = number(ClusterStatus.of(node2), "handoff_fallbacks");
                tb.drill("node3", NodeDrill.Action.FREEZE);
                String r = ClusterStatus.post(tb, node2, "/move/node3/1000");
                assertTrue(r.startsWith("200 moving "), r);
                Thread.sleep(100);
                tb.drill("node3", NodeDrill.Action.KILL);
                Thread.sleep(3_000);
                long fellBack = number(ClusterStatus.of(node2), "handoff_fallbacks") - fallbacksBefore;
                System.out.println("move to a target that died mid-batch: " + r + ", fell back to node2: " + fellBack);
                assertTrue(fellBack > 0, "moves to the dead target fell back: " + fellBack);
            } finally {
                load.close();
            }
            long reinjected = 0;
            long held = 0;
            for (NodeHandle n : List.of(tb.nodes().get(0), node2, tb.nodes().get(3))) {
                Map<String, Object> s = ClusterStatus.of(n);
                reinjected += number(s, "frozen_segments_reinjected");
                held += number(s, "frozen_segments_held");
            }
            BucketTable buckets = BucketTable.build(BUCKETS, List.of("node1", "node2", "node3", "node4"));
            byte[] client = InetAddress.getByName(TestbedNames.CLIENT_ADDR).getAddress();
            List<DrillLoad.Request> failed = load.done.stream().filter(DrillLoad.Request::failed)
                    .filter(q -> !heldByNode3(q, buckets, client)).toList();
            System.out.printf("%d requests, %d connections moved in %d rounds, client retransmissions during the moves: %d, "
                    + "frozen segments held %d, re-injected %d; wire: %s%n", load.done.size(), moved, MOVE_ROUNDS, retransDuring, held, reinjected, wire);
            assertEquals(List.of(), failed, "failed requests");
            assertTrue(moved >= MOVE_ROUNDS, "connections moved: " + moved);
            assertEquals(0, retransDuring, "segments the clients sent again during the moves");
            assertTrue(reinjected > 0, "no request reached a frozen connection (nothing shows the tap at work)");
            assertEquals(0, wire.rstFromVip(), "RST from the VIP: " + wire);
            assertEquals(0, wire.duplicateSynAcks(), "SYNs answered twice: " + wire);
            assertEquals(0, wire.dropped(), "capture dropped packets: " + wire);
        } finally {
            tb.down();
        }
    }

    /** A request node3 held when it was frozen and killed: its connection's SYN was in node3's bucket, or node3 answered before. */
    private static boolean heldByNode3(DrillLoad.Request r, BucketTable buckets, byte[] client) {
        if (r.previousNode() != null) return "node3".equals(r.previousNode());
        return r.clientPort() < 0 || "node3".equals(buckets.owner(NftJhash.bucketOf(client, r.clientPort(), BUCKETS, SEED)));
    }

    private static long number(Map<String, Object> status, String key) {
        return ((Number) status.get(key)).longValue();
    }
}
