package dts.node.inspect;

import dts.inspector.http.HeadParser;
import dts.inspector.route.Decision;
import dts.node.NodeStats;
import dts.node.conn.ClientConnection;
import dts.node.conn.Connections;
import dts.splicer.backend.VipListener;
import dts.splicer.sys.LibC;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.IoEventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The inspector on real loopback sockets: a listener off Netty's pipeline, the first head read on the
 * bare descriptor, placed once; bad input answered (status, Connection: close, the connection closed,
 * a counter).
 */
class InspectorTest {
    /** What the test doubles of the mover and the server were given. */
    record Placed(String node, String consumed, InetSocketAddress client, int noDelay, int transparent) {}

    private final NodeStats stats = new NodeStats();
    private final List<Placed> placed = new CopyOnWriteArrayList<>();
    private final MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    private VipListener listener;

    @AfterEach
    void stop() {
        if (listener != null) listener.close();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Routes everything as {@code decision}; the mover and the server (test doubles) record and close. */
    private InetSocketAddress start(Decision decision, long headTimeoutMillis) {
        Connections c = new Connections("node1", stats, (head, client) -> decision, pool -> true);
        c.wire((conn, target, consumed, t0) -> record(conn, target, ByteBufUtil.getBytes(consumed)),
                (conn, consumed) -> record(conn, "node1", consumed == null ? new byte[0] : ByteBufUtil.getBytes(consumed)));
        Inspector inspector = new Inspector(group, HeadParser.create(1024), headTimeoutMillis, c, stats, "node1");
        listener = VipListener.open((IoEventLoop) group.next(), new InetSocketAddress("127.0.0.1", 0), 16, inspector);
        return new InetSocketAddress("127.0.0.1", listener.port());
    }

    private void record(ClientConnection conn, String node, byte[] consumed) {
        int fd = conn.fd();
        placed.add(new Placed(node, new String(consumed, StandardCharsets.ISO_8859_1), conn.client(),
                LibC.getInt(fd, LibC.IPPROTO_TCP, 1), LibC.getInt(fd, LibC.SOL_IP, LibC.IP_TRANSPARENT)));
        LibC.close(fd);
    }

    /** Sends {@code raw} and reads until the server closes. */
    private static String exchange(InetSocketAddress at, String raw) throws Exception {
        try (Socket s = new Socket(at.getAddress(), at.getPort())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(raw.getBytes(StandardCharsets.ISO_8859_1));
            return readToEof(s.getInputStream());
        }
    }

    private static String readToEof(InputStream in) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    private static void await(BooleanSupplier cond, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out: " + what);
            Thread.sleep(5);
        }
    }

    private static final Decision TO_NODE2 = new Decision("node2", 0, "all", Decision.Outcome.ROUTED);

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "GET / HTTP/1.1\\r\\nHost x\\r\\n\\r\\n|400",
            "\\u0016\\u0003\\u0001 tls hello\\r\\n\\r\\n|400",
            "GET / HTTP/2.0\\r\\nHost: x\\r\\n\\r\\n|505",
    })
    void badHeadsAreAnsweredAndClosed(String raw, int status) throws Exception {
        InetSocketAddress at = start(TO_NODE2, 10_000);
        String r = exchange(at, raw.replace("\\r", "\r").replace("\\n", "\n"));
        assertTrue(r.startsWith("HTTP/1.1 " + status + " "), r);
        assertTrue(r.contains("\r\nConnection: close\r\n"), r);
        assertTrue(r.contains("\r\nX-DTS-Node: node1\r\n"), r);
        await(() -> stats.badRequests.sum() == 1, "counted as a bad request");
        assertTrue(placed.isEmpty());
        assertEquals(1, stats.responses.of(status / 100 + "xx"), "the answer counted by class");
        assertEquals(1, stats.requestsByPool.of("_none"), "no rule placed it");
    }

    @Test
    void noLiveNodeIs503CountedUnderItsPool() throws Exception {
        InetSocketAddress at = start(new Decision(null, 2, "api", Decision.Outcome.NO_LIVE_NODE), 10_000);
        assertTrue(exchange(at, "GET /api/x HTTP/1.1\r\nHost: a\r\n\r\n").startsWith("HTTP/1.1 503 "));
        await(() -> stats.responses.of("5xx") == 1, "the 503 counted");
        assertEquals(1, stats.requestsByPool.of("api"));
        assertEquals(0, stats.requestsByPool.of("_none"));
    }

    @Test
    void noMatchingRuleIs503SayingSo() throws Exception {
        InetSocketAddress at = start(new Decision(null, -1, null, Decision.Outcome.NO_MATCH), 10_000);
        String r = exchange(at, "GET /x HTTP/1.1\r\nHost: a\r\n\r\n");
        assertTrue(r.startsWith("HTTP/1.1 503 "), r);
        assertTrue(r.contains("no rule matches this request"), r);
        await(() -> ((java.util.Map<?, ?>) stats.snapshot().get("connection_states")).get("rejected").equals(0L),
                "the rejected connection closed");
        assertEquals(1, stats.noLiveNode.sum());
        assertEquals(1, stats.responses.of("5xx"));
        assertEquals(1, stats.requestsByPool.of("_none"), "no rule matched");
        assertEquals(0, stats.activeConnections(), "a rejected connection is not held");
        assertEquals(0, stats.illegalTransitions.sum());
    }

    @Test
    void anOversizedHeadGets431() throws Exception {
        InetSocketAddress at = start(TO_NODE2, 10_000);
        String r = exchange(at, "GET /" + "a".repeat(2000) + " HTTP/1.1\r\n");
        assertTrue(r.startsWith("HTTP/1.1 431 "), r);
        assertEquals(1, stats.headsTooLarge.sum());
    }

    @Test
    void aSlowClientGets408() throws Exception {
        InetSocketAddress at = start(TO_NODE2, 100);
        try (Socket s = new Socket(at.getAddress(), at.getPort())) {
            s.setSoTimeout(5000);
            long t0 = System.nanoTime();
            s.getOutputStream().write("GET / HTTP/1.1\r\nHo".getBytes(StandardCharsets.ISO_8859_1));
            String r = readToEof(s.getInputStream());
            assertTrue(r.startsWith("HTTP/1.1 408 "), r);
            assertTrue(System.nanoTime() - t0 >= 90_000_000L, "not before the timeout");
        }
        assertEquals(1, stats.headTimeouts.sum());
        assertTrue(placed.isEmpty());
    }

    @Test
    void aClientThatClosesBeforeAHeadLeavesNothingHeld() throws Exception {
        InetSocketAddress at = start(TO_NODE2, 10_000);
        try (Socket s = new Socket(at.getAddress(), at.getPort())) {
            s.getOutputStream().write("GET /".getBytes(StandardCharsets.ISO_8859_1));
        }
        await(() -> stats.connectionsInspected.sum() == 1 && stats.activeConnections() == 0, "closed and let go");
        assertTrue(placed.isEmpty());
        assertEquals(0, stats.illegalTransitions.sum());
    }

    @Test
    void aHeadArrivingInPiecesIsPlacedOnceWithWhatFollowedIt() throws Exception {
        InetSocketAddress at = start(TO_NODE2, 10_000);
        try (Socket s = new Socket(at.getAddress(), at.getPort())) {
            for (String part : new String[] {"GET /a/b", ".html HTTP/1.1\r\nHost: x\r", "\n\r\nGET /next HTTP/1.1\r\n"}) {
                s.getOutputStream().write(part.getBytes(StandardCharsets.ISO_8859_1));
                s.getOutputStream().flush();
                Thread.sleep(20);
            }
            await(() -> placed.size() == 1, "placed");
            Placed p = placed.getFirst();
            assertEquals("node2", p.node());
            assertEquals("GET /a/b.html HTTP/1.1\r\nHost: x\r\n\r\nGET /next HTTP/1.1\r\n", p.consumed(), "every byte read goes with it");
            assertEquals(new InetSocketAddress("127.0.0.1", s.getLocalPort()), p.client(), "the client as accept4 gave it");
            assertEquals(1, p.noDelay(), "TCP_NODELAY, from the listening socket");
            assertEquals(1, p.transparent(), "IP_TRANSPARENT, set on the accepted socket (never the listener's)");
        }
        assertEquals(1, stats.connectionsInspected.sum());
        assertEquals(java.util.Map.of("_none", 0L), stats.requestsByPool.snapshot(), "counted where it is answered, not here");
        assertEquals(1L, ((java.util.Map<?, ?>) stats.snapshot().get("connection_states")).get("moving"),
                "the connection is moving until the hand-off settles");
        assertEquals(0, stats.illegalTransitions.sum());
    }

    @Test
    void manyConnectionsAtOnceAreEachPlaced() throws Exception {
        InetSocketAddress at = start(new Decision("node1", 0, "all", Decision.Outcome.ROUTED), 10_000);
        List<Socket> clients = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                Socket s = new Socket(at.getAddress(), at.getPort());
                s.getOutputStream().write(("GET /" + i + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                clients.add(s);
            }
            await(() -> placed.size() == 200, "every connection placed (" + placed.size() + ")");
        } finally {
            for (Socket s : clients) s.close();
        }
        assertEquals(200, stats.connectionsInspected.sum());
        assertEquals(200, placed.stream().map(Placed::consumed).distinct().count(), "each with its own head");
    }
}
