package dts.node.handoff;

import dts.config.ClusterKey;
import dts.node.NodeStats;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The backend health flag of PING/PONG, through the authenticated control codec both ways. */
@Timeout(30)
class HealthFlagTest {
    private final LinkKeys keys = new LinkKeys(ClusterKey.generate());
    private final NodeStats stats = new NodeStats();
    private final AtomicBoolean serverBackendUp = new AtomicBoolean(false);
    private final PeerLoads serverLoads = new PeerLoads(serverBackendUp::get);
    private EventLoopGroup group;
    private ControlServer server;

    @BeforeEach
    void start() throws Exception {
        group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        server = ControlServer.bind(group, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), () -> 7, serverLoads,
                null, keys, stats.frameRejects);
    }

    @AfterEach
    void stop() {
        server.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private RawLink hello(String id) throws Exception {
        RawLink l = new RawLink(new Socket(server.localAddress().getAddress(), server.localAddress().getPort()), true).handshake(keys);
        l.send(ControlMessage.Type.HELLO, 0, id.getBytes());
        return l;
    }

    private static byte[] ping(int load, boolean up) {
        return ControlMessage.heartbeat(ControlMessage.Type.PING, load, up).payload();
    }

    @Test void aPingCarriesThePeersHealthAndThePongTheNodesOwn() throws Exception {
        try (RawLink l = hello("node9")) {
            l.send(ControlMessage.Type.PING, 0, ping(3, false));
            ControlMessage pong = l.readMessage();
            assertEquals(ControlMessage.Type.PONG, pong.type());
            assertEquals(7, pong.count());
            assertFalse(pong.backendUp(), "the server's own backend is down");
            assertEquals(Set.of("node9"), serverLoads.backendsDown());
            assertEquals(3, serverLoads.load("node9"));
            assertEquals(Map.of("node9", "down"), serverLoads.backendHealth());

            serverBackendUp.set(true);
            l.send(ControlMessage.Type.PING, 0, ping(4, true));
            assertTrue(l.readMessage().backendUp());
            assertEquals(Set.of(), serverLoads.backendsDown());
            assertEquals(Map.of("node9", "up"), serverLoads.backendHealth());
        }
    }

    @Test void anAnnouncementIsRecordedAndGetsNoPong() throws Exception {
        try (RawLink l = hello("node6")) {
            l.send(ControlMessage.Type.PING, 0, ControlMessage.heartbeat(ControlMessage.Type.PING, 40, ControlMessage.ANNOUNCE).payload());
            await(() -> serverLoads.load("node6") == 40, "the announced load is recorded");
            l.send(ControlMessage.Type.PING, 0, ControlMessage.heartbeat(ControlMessage.Type.PING, 41, 0).stamped(12345L).payload());
            ControlMessage pong = l.readMessage();
            assertEquals(ControlMessage.Type.PONG, pong.type());
            assertEquals(12345L, pong.stamp(0), "the first PONG answers the heartbeat: the announcement got none");
            assertEquals(41, serverLoads.load("node6"));
        }
    }

    @Test void smallLoadsAreAnnouncedAtEveryChangeLargeOnesByAnEighth() {
        assertTrue(PeerLink.worthAnnouncing(0, -1), "the first load");
        assertTrue(PeerLink.worthAnnouncing(1, 0));
        assertTrue(PeerLink.worthAnnouncing(7, 8));
        assertFalse(PeerLink.worthAnnouncing(8, 8));
        assertFalse(PeerLink.worthAnnouncing(44, 40), "under an eighth of 40");
        assertTrue(PeerLink.worthAnnouncing(45, 40));
        assertTrue(PeerLink.worthAnnouncing(35, 40));
        assertFalse(PeerLink.worthAnnouncing(36, 40));
    }

    @Test void aFlagIsAnnouncedAtOnceALoadAtMostEveryFiftyMilliseconds() {
        long min = PeerLink.LOAD_ANNOUNCE_MIN_MILLIS;
        assertTrue(PeerLink.due(0, -1, 0, 0, 0), "the first announcement");
        assertFalse(PeerLink.due(3, 2, 0, 0, min - 1), "a changed load waits for its turn");
        assertTrue(PeerLink.due(3, 2, 0, 0, min));
        assertFalse(PeerLink.due(2, 2, 0, 0, 10 * min), "an unchanged load is not told again");
        assertTrue(PeerLink.due(2, 2, ControlMessage.DRAINING, 0, 0), "a drain is told at once");
        assertTrue(PeerLink.due(2, 2, 0, ControlMessage.BACKEND_DOWN, 1), "and a backend back up");
    }

    @Test void aFourBytePingOfAnOlderNodeMeansUp() throws Exception {
        try (RawLink l = hello("node8")) {
            l.send(ControlMessage.Type.PING, 0, ping(1, false));
            l.readMessage();
            l.send(ControlMessage.Type.PING, 0, new byte[] {0, 0, 0, 2});
            assertEquals(ControlMessage.Type.PONG, l.read());
            assertEquals(Map.of("node8", "up"), serverLoads.backendHealth());
            assertEquals(2, serverLoads.load("node8"));
        }
    }

    @Test void aFlippedHealthFlagFailsTheMacAndChangesNothing() throws Exception {
        try (RawLink l = hello("node7")) {
            l.send(ControlMessage.Type.PING, 0, ping(1, true));
            assertEquals(ControlMessage.Type.PONG, l.read());
            byte[] frame = l.seal(l.sendSeq++, ControlMessage.Type.PING, 0, ping(1, true));
            frame[4 + 8 + 9 + 4] ^= ControlMessage.BACKEND_DOWN; // the flags byte: "down", under the old MAC
            l.raw(frame);
            assertTrue(l.closedByPeer());
            assertEquals(1, stats.frameRejects.count("bad_mac"), stats.frameRejects.snapshot().toString());
            assertEquals(Map.of("node7", "up"), serverLoads.backendHealth());
        }
    }

    @Test void aPeerLinkAnnouncesAHealthChangeAtOnce() throws Exception {
        AtomicBoolean up = new AtomicBoolean(true);
        PeerLoads linkLoads = new PeerLoads(up::get);
        // heartbeats every 60 s: only the change check (every 20 ms) can carry the news in time
        PeerLink link = new PeerLink("node5", "server", server.localAddress(), group, 60_000, 120_000, () -> 0, linkLoads,
                keys, stats.frameRejects, (peer, m) -> true);
        link.start();
        PeerLink.announceChanges(java.util.List.of(link), group.next());
        try {
            awaitHealth("node5", "up");
            await(() -> Map.of("server", "down").equals(linkLoads.backendHealth()), "the first PONG tells the link's side");
            up.set(false);
            awaitHealth("node5", "down");
            up.set(true);
            awaitHealth("node5", "up");
            linkLoads.ownDraining(() -> true);
            await(() -> serverLoads.peersDraining().contains("node5"), "a drain is announced at once too");
            assertEquals(0, stats.frameRejects.total());
        } finally {
            link.stop();
        }
    }

    private void awaitHealth(String id, String state) throws InterruptedException {
        await(() -> state.equals(serverLoads.backendHealth().get(id)), id + " announces " + state);
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "within 5 s: " + what);
            Thread.sleep(5);
        }
    }
}
