package dts.node.inspect;

import dts.inspector.http.HeadParser;
import dts.inspector.http.RequestHead;
import dts.inspector.route.Decision;
import dts.node.NodeStats;
import dts.node.conn.Connections;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The inspector's answers to bad input: status, Connection: close, the connection closed, a counter. */
class InspectHandlerTest {
    private final NodeStats stats = new NodeStats();
    private final AtomicReference<String> dispatchedTo = new AtomicReference<>();
    /** Routes everything to node2; the mover records where the connection went (a test double). */
    private Connections connections(Decision decision) {
        Connections c = new Connections("node1", stats, (head, client) -> decision, pool -> true);
        c.wire((conn, target, consumed, t0) -> {
            consumed.release();
            dispatchedTo.set(target);
        }, (conn, consumed) -> {
            if (consumed != null) consumed.release();
            dispatchedTo.set("node1");
        });
        return c;
    }

    private final Connections connections = connections(new Decision("node2", 0, "all", Decision.Outcome.ROUTED));

    private EmbeddedChannel channel(long headTimeoutMillis) {
        return new EmbeddedChannel(new InspectHandler(HeadParser.create(1024), headTimeoutMillis, connections, stats, "node1"));
    }

    private static String response(EmbeddedChannel ch) {
        ByteBuf out = ch.readOutbound();
        try {
            return out.toString(StandardCharsets.ISO_8859_1);
        } finally {
            out.release();
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "GET / HTTP/1.1\\r\\nHost x\\r\\n\\r\\n|400",
            "\\u0016\\u0003\\u0001 tls hello|400",
            "GET / HTTP/2.0\\r\\nHost: x\\r\\n\\r\\n|505",
    })
    void badHeadsAreAnsweredAndClosed(String raw, int status) {
        EmbeddedChannel ch = channel(10_000);
        ch.writeInbound(Unpooled.copiedBuffer(raw.replace("\\r", "\r").replace("\\n", "\n"), StandardCharsets.ISO_8859_1));
        String r = response(ch);
        assertTrue(r.startsWith("HTTP/1.1 " + status + " "), r);
        assertTrue(r.contains("\r\nConnection: close\r\n"), r);
        assertTrue(r.contains("\r\nX-DTS-Node: node1\r\n"), r);
        assertFalse(ch.isOpen(), "closed after the answer");
        assertEquals(1, stats.badRequests.sum());
        assertNull(dispatchedTo.get());
        assertEquals(1, stats.responses.of(status / 100 + "xx"), "the answer counted by class");
        assertEquals(1, stats.requestsByPool.of("_none"), "no rule placed it");
    }

    @Test
    void noLiveNodeIs503CountedUnderItsPool() {
        Connections down = connections(new Decision(null, 2, "api", Decision.Outcome.NO_LIVE_NODE));
        EmbeddedChannel ch = new EmbeddedChannel(new InspectHandler(HeadParser.create(1024), 10_000, down, stats, "node1"));
        ch.writeInbound(Unpooled.copiedBuffer("GET /api/x HTTP/1.1\r\nHost: a\r\n\r\n", StandardCharsets.ISO_8859_1));
        assertTrue(response(ch).startsWith("HTTP/1.1 503 "));
        assertEquals(1, stats.responses.of("5xx"));
        assertEquals(1, stats.requestsByPool.of("api"));
        assertEquals(0, stats.requestsByPool.of("_none"));
    }

    @Test
    void noMatchingRuleIs503SayingSo() {
        Connections noRule = connections(new Decision(null, -1, null, Decision.Outcome.NO_MATCH));
        EmbeddedChannel ch = new EmbeddedChannel(new InspectHandler(HeadParser.create(1024), 10_000, noRule, stats, "node1"));
        ch.writeInbound(Unpooled.copiedBuffer("GET /x HTTP/1.1\r\nHost: a\r\n\r\n", StandardCharsets.ISO_8859_1));
        String r = response(ch);
        assertTrue(r.startsWith("HTTP/1.1 503 "), r);
        assertTrue(r.contains("no rule matches this request"), r);
        assertEquals(1, stats.noLiveNode.sum());
        assertEquals(1, stats.responses.of("5xx"));
        assertEquals(1, stats.requestsByPool.of("_none"), "no rule matched");
        assertEquals(0, stats.activeConnections(), "a rejected connection is not held");
        assertEquals(0L, ((java.util.Map<?, ?>) stats.snapshot().get("connection_states")).get("rejected"), "closed");
        assertEquals(0, stats.illegalTransitions.sum());
    }

    @Test
    void anOversizedHeadGets431() {
        EmbeddedChannel ch = channel(10_000);
        ch.writeInbound(Unpooled.copiedBuffer("GET /" + "a".repeat(2000) + " HTTP/1.1\r\n", StandardCharsets.ISO_8859_1));
        String r = response(ch);
        assertTrue(r.startsWith("HTTP/1.1 431 "), r);
        assertFalse(ch.isOpen());
        assertEquals(1, stats.headsTooLarge.sum());
    }

    @Test
    void aSlowClientGets408() throws Exception {
        EmbeddedChannel ch = channel(50);
        ch.writeInbound(Unpooled.copiedBuffer("GET / HTTP/1.1\r\nHo", StandardCharsets.ISO_8859_1));
        assertNull(ch.readOutbound(), "nothing before the timeout");
        Thread.sleep(120);
        ch.runScheduledPendingTasks();
        String r = response(ch);
        assertTrue(r.startsWith("HTTP/1.1 408 "), r);
        assertFalse(ch.isOpen());
        assertEquals(1, stats.headTimeouts.sum());
    }

    @Test
    void aHeadArrivingInPiecesIsDispatchedOnce() {
        EmbeddedChannel ch = channel(10_000);
        for (String part : new String[] {"GET /a/b", ".html HTTP/1.1\r\nHost: x\r", "\n\r\n"}) {
            ch.writeInbound(Unpooled.copiedBuffer(part, StandardCharsets.ISO_8859_1));
        }
        assertEquals("node2", dispatchedTo.get());
        assertNull(ch.readOutbound(), "no answer of its own");
        assertEquals(1, stats.connectionsInspected.sum());
        assertEquals(java.util.Map.of("_none", 0L), stats.requestsByPool.snapshot(), "counted where it is answered, not here");
        assertEquals(1L, ((java.util.Map<?, ?>) stats.snapshot().get("connection_states")).get("moving"),
                "the connection is moving until the hand-off settles");
        assertEquals(0, stats.illegalTransitions.sum());
    }
}
