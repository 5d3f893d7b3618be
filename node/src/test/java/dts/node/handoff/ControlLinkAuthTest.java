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
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The control channel refuses what a node without the key, or a replay, would send: each refusal is
 * counted by reason and closes only its own link.
 */
@Timeout(30)
class ControlLinkAuthTest {
    private static final ClusterKey KEY = ClusterKey.generate();
    private final LinkKeys keys = new LinkKeys(KEY);
    private final NodeStats stats = new NodeStats();
    private EventLoopGroup group;
    private ControlServer server;

    @BeforeEach
    void start() throws Exception {
        group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        server = ControlServer.bind(group, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), () -> 7, new PeerLoads(),
                null, keys, stats.frameRejects);
    }

    @AfterEach
    void stop() {
        server.close();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    private RawLink connect(LinkKeys with) throws Exception {
        return new RawLink(new Socket(server.localAddress().getAddress(), server.localAddress().getPort()), true).handshake(with);
    }

    /** A link that said HELLO and got a PONG: working. */
    private RawLink goodLink() throws Exception {
        RawLink l = connect(keys);
        l.send(ControlMessage.Type.HELLO, 0, "node9".getBytes());
        assertWorks(l);
        return l;
    }

    private static void assertWorks(RawLink l) throws Exception {
        l.send(ControlMessage.Type.PING, 0, new byte[4]);
        assertEquals(ControlMessage.Type.PONG, l.read());
    }

    private void assertRejected(String reason, RawLink l, RawLink other) throws Exception {
        assertTrue(l.closedByPeer(), "the link is closed");
        assertEquals(1, stats.frameRejects.count(reason), reason + " in " + stats.frameRejects.snapshot());
        assertEquals(1, stats.frameRejects.total(), "nothing else: " + stats.frameRejects.snapshot());
        assertWorks(other);
        assertTrue(stats.snapshot().get("control_frames_rejected").toString().contains(reason + "=1"));
    }

    @Test void aFrameUnderAnotherKeyIsRejected() throws Exception {
        try (RawLink other = goodLink(); RawLink forged = connect(new LinkKeys(ClusterKey.generate()))) {
            forged.send(ControlMessage.Type.HELLO, 0, "intruder".getBytes());
            assertRejected("bad_mac", forged, other);
        }
    }

    @Test void aReplayedFrameIsRejected() throws Exception {
        try (RawLink other = goodLink(); RawLink l = connect(keys)) {
            l.send(ControlMessage.Type.HELLO, 0, "node8".getBytes());
            byte[] ping = l.send(ControlMessage.Type.PING, 0, new byte[4]);
            assertEquals(ControlMessage.Type.PONG, l.read());
            l.raw(ping);
            assertRejected("replayed", l, other);
        }
    }

    @Test void aRecordedFrameFailsOnANewConnection() throws Exception {
        byte[] hello;
        try (RawLink first = connect(keys)) {
            hello = first.send(ControlMessage.Type.HELLO, 0, "node8".getBytes());
        }
        try (RawLink other = goodLink(); RawLink second = connect(keys)) {
            second.raw(hello); // seq 0 as expected, but keyed to the first connection's nonces
            assertRejected("bad_mac", second, other);
        }
    }

    @Test void aTruncatedFrameIsRejected() throws Exception {
        try (RawLink other = goodLink(); RawLink l = connect(keys)) {
            l.raw(ByteBuffer.allocate(9).putInt(5).put(new byte[5]).array());
            assertRejected("truncated", l, other);
        }
    }

    @Test void aLinkClosedInsideAFrameCountsAsTruncated() throws Exception {
        try (RawLink other = goodLink(); RawLink l = connect(keys)) {
            l.raw(ByteBuffer.allocate(14).putInt(100).put(new byte[10]).array());
            l.socket.shutdownOutput();
            Thread.sleep(200);
            assertRejected("truncated", l, other);
        }
    }

    @Test void anOversizedFrameIsRejected() throws Exception {
        try (RawLink other = goodLink(); RawLink l = connect(keys)) {
            l.raw(ByteBuffer.allocate(4).putInt(ControlMessage.MAX_FRAME_BYTES + 1).array());
            assertRejected("oversized", l, other);
        }
    }

    @Test void aPrepareBeforeHelloIsRejected() throws Exception {
        try (RawLink other = goodLink(); RawLink l = connect(keys)) {
            l.send(ControlMessage.Type.PREPARE, 1, new byte[16]);
            assertRejected("unexpected_frame", l, other);
        }
    }

    @Test void aReplyForAHandoffNeverSentIsRejected() throws Exception {
        try (ServerSocket fakePeer = new ServerSocket(0, 4, InetAddress.getLoopbackAddress())) {
            fakePeer.setSoTimeout(5_000);
            Map<String, PeerLink> links = new ConcurrentHashMap<>();
            HandoffCoordinator coordinator = new HandoffCoordinator(links, stats, null, null, 500, peer -> true);
            PeerLink link = new PeerLink("self", "peer", (InetSocketAddress) fakePeer.getLocalSocketAddress(), group, 50, 1000,
                    () -> 0, new PeerLoads(), keys, stats.frameRejects, coordinator::onReply);
            links.put("peer", link);
            link.start();
            try (RawLink l = new RawLink(fakePeer.accept(), false).handshake(keys)) {
                assertEquals(ControlMessage.Type.HELLO, l.read());
                l.send(ControlMessage.Type.READY, 999, new byte[0]);
                assertTrue(l.closedByPeer(), "the link is closed");
                assertEquals(1, stats.frameRejects.count("unexpected_reply"), stats.frameRejects.snapshot().toString());
                assertEquals(1, stats.frameRejects.total());
            }
            try (RawLink again = new RawLink(fakePeer.accept(), false).handshake(keys)) {
                assertEquals(ControlMessage.Type.HELLO, again.read(), "the link reconnects and keys itself afresh");
            } finally {
                link.stop();
            }
        }
    }
}
