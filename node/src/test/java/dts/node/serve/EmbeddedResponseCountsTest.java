package dts.node.serve;

import dts.inspector.http.HeadParser;
import dts.inspector.http.RequestHead;
import dts.inspector.route.Decision;
import dts.node.NodeStats;
import dts.node.conn.ClientConnection;
import dts.node.conn.ConnectionState;
import dts.node.conn.Connections;
import dts.splicer.backend.RelayStats;
import dts.splicer.backend.StaticBackend;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The embedded backend's responses are counted by status class, and each request under the pool that
 * placed it, through the connection's owner (the first request by the inspector's decision, later ones
 * by the request gate's); an idle one is parked between requests.
 */
class EmbeddedResponseCountsTest {
    private static final HeadParser PARSER = HeadParser.create(16 << 10);
    private static final List<String> PARKED = List.of("dts-gate", "dts-linger", "dts-park");
    private final NodeStats stats = new NodeStats();

    /** Everything on node1: /api/… in pool api, the rest in pool web (a test double of the rules). */
    private static final class Rules implements Connections.Placer {
        @Override public Decision decide(RequestHead head, String clientAddress) {
            return new Decision("node1", 0, poolOf(head), Decision.Outcome.ROUTED);
        }

        @Override public String poolOf(RequestHead head) { return head.path().startsWith("/api/") ? "api" : "web"; }
    }

    private static String get(String path) { return "GET " + path + " HTTP/1.1\r\nHost: t\r\n\r\n"; }

    private static RequestHead head(String request) {
        byte[] b = request.getBytes(StandardCharsets.US_ASCII);
        return PARSER.parse(b, 0, b.length).head();
    }

    /** A node whose connections are all served here by the embedded backend on {@code docroot}, later requests routed by the gate. */
    private Connections servingHere(Path docroot) throws IOException {
        Files.writeString(docroot.resolve("a.txt"), "hello");
        Connections hub = new Connections("node1", stats, new Rules(), pool -> true);
        LocalServer local = new LocalServer(StaticBackend.Config.builder(docroot, "node1").build(), null, 16 << 10,
                new RelayStats(), stats, () -> true);
        hub.wire((c, target, consumed, t0) -> { throw new AssertionError("nothing moves"); }, local);
        local.routeKeepAlive(PARSER);
        return hub;
    }

    @Test void theFirstAndLaterRequestsAndTheirResponsesAreCounted(@TempDir Path docroot) throws IOException {
        Connections hub = servingHere(docroot);
        EmbeddedChannel ch = new EmbeddedChannel();
        ClientConnection c = hub.accepted(ch);
        String first = get("/a.txt");
        c.decide(head(first)); // the inspector's decision
        c.place("node1", Unpooled.copiedBuffer(first, StandardCharsets.US_ASCII), System.nanoTime());
        ch.writeInbound(Unpooled.copiedBuffer(get("/missing") + get("/api/none"), StandardCharsets.US_ASCII));
        ch.runPendingTasks();
        int writes = 0;
        for (Object o; (o = ch.readOutbound()) != null; writes++) ReferenceCountUtil.release(o);

        assertEquals(true, writes > 0, "answered");
        assertEquals(Map.of("1xx", 0L, "2xx", 1L, "3xx", 0L, "4xx", 2L, "5xx", 0L, "other", 0L), stats.responses.snapshot());
        assertEquals(2, stats.requestsByPool.of("web"));
        assertEquals(1, stats.requestsByPool.of("api"));
        ch.finishAndReleaseAll();
    }

    private static ByteBuf ascii(String s) { return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII); }

    private static List<String> handlers(EmbeddedChannel ch) {
        return ch.pipeline().names().stream().filter(n -> n.startsWith("dts-")).toList();
    }

    private static String written(EmbeddedChannel ch) {
        StringBuilder out = new StringBuilder();
        for (Object o; (o = ch.readOutbound()) != null; ) {
            if (o instanceof ByteBuf b) {
                out.append(b.toString(StandardCharsets.ISO_8859_1));
                b.release();
            } else {
                ReferenceCountUtil.release(o);
            }
        }
        return out.toString();
    }

    /**
     * With the request gate in front, an idle connection's embedded backend is parked (the gate, the
     * lingering close and the parking handler stay), and a later request, even one whose head comes in
     * two reads, puts the serving handlers back with the node's own (status counter, response tracker)
     * and is answered and counted.
     */
    @Test void anIdleConnectionIsParkedBehindTheGateAndServedAgain(@TempDir Path docroot) throws IOException {
        Connections hub = servingHere(docroot);
        EmbeddedChannel ch = new EmbeddedChannel();
        ClientConnection c = hub.accepted(ch);
        String first = get("/a.txt");
        c.decide(head(first));
        c.place("node1", ascii(first), System.nanoTime());
        ch.runPendingTasks();
        assertTrue(written(ch).startsWith("HTTP/1.1 200 OK"), "first answered"); // its body: a file region
        assertEquals(ConnectionState.IDLE, c.state());
        assertEquals(PARKED, handlers(ch), "parked while idle");

        ch.writeInbound(ascii("GET /a.txt HT"));
        assertEquals(PARKED, handlers(ch), "a partial head waits in the gate");
        ch.writeInbound(ascii("TP/1.1\r\nHost: t\r\n\r\n" + get("/missing")));
        ch.runPendingTasks(); // (an embedded channel runs its tasks after each write: it is parked again already)
        String answers = written(ch);
        assertTrue(answers.startsWith("HTTP/1.1 200 OK") && answers.contains("HTTP/1.1 404"), answers);
        assertEquals(PARKED, handlers(ch), "parked again");
        assertEquals(ConnectionState.IDLE, c.state());
        assertEquals(Map.of("1xx", 0L, "2xx", 2L, "3xx", 0L, "4xx", 1L, "5xx", 0L, "other", 0L), stats.responses.snapshot());
        assertEquals(3, stats.requestsByPool.of("web"));
        ch.finishAndReleaseAll();
    }
}
