package dts.node.serve;

import dts.inspector.http.HeadParser;
import dts.inspector.http.RequestHead;
import dts.inspector.route.Decision;
import dts.node.NodeStats;
import dts.node.conn.ClientConnection;
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
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The embedded backend's responses are counted by status class, and each request under the pool that
 * placed it, through the connection's owner (the first request by the inspector's decision, later ones
 * by the request gate's).
 */
class EmbeddedResponseCountsTest {
    private static final HeadParser PARSER = HeadParser.create(16 << 10);
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

    @Test void theFirstAndLaterRequestsAndTheirResponsesAreCounted(@TempDir Path docroot) throws IOException {
        Files.writeString(docroot.resolve("a.txt"), "hello");
        Connections hub = new Connections("node1", stats, new Rules(), pool -> true);
        LocalServer local = new LocalServer(StaticBackend.Config.builder(docroot, "node1").build(), null, 16 << 10,
                new RelayStats(), stats, () -> true);
        hub.wire((c, target, consumed, t0) -> { throw new AssertionError("nothing moves"); }, local);
        local.routeKeepAlive(PARSER);

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
}
