package dts.node.conn;

import dts.inspector.route.Decision;
import dts.node.NodeStats;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A connection's life through its owner: every transition counted, states gauged, misuse counted. */
class ClientConnectionTest {
    private final NodeStats stats = new NodeStats();
    private final List<String> calls = new ArrayList<>();
    private final Connections hub = new Connections("node1", stats, (head, client) -> null, pool -> !pool.equals("images"));

    ClientConnectionTest() {
        hub.wire((c, target, consumed, t0) -> {
            consumed.release();
            calls.add("move " + target);
        }, (c, consumed) -> {
            if (consumed != null) consumed.release();
            calls.add("serve");
        });
    }

    private long inState(String s) {
        return (Long) ((Map<?, ?>) stats.snapshot().get("connection_states")).get(s);
    }

    @Test void aKeepAliveConnectionServedThenMovedForAnotherPool() {
        ClientConnection c = hub.accepted(new EmbeddedChannel());
        assertEquals(ConnectionState.INSPECTING, c.state());
        assertEquals(1, stats.activeConnections());
        c.place("node1", Unpooled.buffer(), System.nanoTime());
        assertEquals(List.of("serve"), calls);
        c.idle();
        assertEquals(1, inState("idle"));
        c.serving();
        c.idle();
        c.willMove(new Decision("node3", 1, "images", Decision.Outcome.ROUTED));
        assertEquals(1, inState("moving"));
        ByteBuf rest = Unpooled.copiedBuffer(new byte[] {'G'});
        c.moveTo("node3", rest, System.nanoTime());
        assertEquals(List.of("serve", "move node3"), calls);
        c.moved();
        assertEquals(ConnectionState.MOVED, c.state());
        assertEquals(0, stats.activeConnections());
        assertEquals(1, stats.rehandoffsForPool.sum());
        assertEquals(0, stats.rehandoffsForPlacement.sum());
        c.closed(); // a late close of Netty's old channel changes nothing
        assertEquals(ConnectionState.MOVED, c.state());
        assertEquals(0, stats.illegalTransitions.sum());
    }

    @Test void aFailedMoveServesHereAndAMovedInConnectionStartsServing() {
        ClientConnection c = hub.accepted(new EmbeddedChannel());
        c.place("node2", Unpooled.buffer(), System.nanoTime());
        assertEquals(ConnectionState.MOVING, c.state());
        c.fellBack(null);
        assertEquals(ConnectionState.SERVING, c.state());
        c.closed();
        ClientConnection in = hub.movedIn(new EmbeddedChannel().eventLoop(), 12345, null);
        assertEquals(ClientConnection.Origin.MOVED_IN, in.origin());
        assertEquals(ConnectionState.SERVING, in.state());
        assertEquals(1, stats.activeConnections());
        assertEquals(0, stats.illegalTransitions.sum());
    }

    @Test void aRequestIsCountedUnderThePoolThatPlacedIt() {
        Connections.Placer rules = new Connections.Placer() {
            @Override public Decision decide(dts.inspector.http.RequestHead head, String client) {
                return new Decision("node1", 0, "web", Decision.Outcome.ROUTED);
            }

            @Override public String poolOf(dts.inspector.http.RequestHead head) { return "api"; }
        };
        Connections h = new Connections("node1", stats, rules, pool -> true);
        h.wire((c, target, consumed, t0) -> consumed.release(), (c, consumed) -> {
            if (consumed != null) consumed.release();
        });
        ClientConnection c = h.accepted(new EmbeddedChannel());
        dts.inspector.http.RequestHead head = dts.inspector.http.HeadParser.create(1024)
                .parse("GET / HTTP/1.1\r\n\r\n".getBytes(), 0, 18).head();
        c.decide(head); // this node's decision: web
        c.place("node1", Unpooled.buffer(), System.nanoTime());
        c.answering(head);
        c.responded(200);
        c.answering(head); // a later request no decision here placed (pinned): the rules again
        c.responded(404);
        ClientConnection in = h.movedIn(new EmbeddedChannel().eventLoop(), 12345, null);
        in.answering(head); // placed by the node that moved it: the rules again
        in.responded(100); // interim: not counted
        in.responded(304);
        assertEquals(Map.of("_none", 0L, "web", 1L, "api", 2L), stats.requestsByPool.snapshot());
        assertEquals(Map.of("1xx", 0L, "2xx", 1L, "3xx", 1L, "4xx", 1L, "5xx", 0L, "other", 0L), stats.responses.snapshot());
        assertEquals(stats.responses.snapshot(), stats.snapshot().get("responses_by_class"), "in status");
        assertEquals(stats.requestsByPool.snapshot(), stats.snapshot().get("requests_by_pool"), "in status");
    }

    /**
     * A late event for a connection that already left (closed, or moved) must not count it as held
     * again: an orderly stop waits until nothing is held, and such a ghost kept it waiting its whole grace.
     */
    @Test void aClosedConnectionStaysClosedWhateverComesLate() {
        ClientConnection c = hub.accepted(new EmbeddedChannel());
        c.place("node2", Unpooled.buffer(), System.nanoTime());
        c.closed(); // the client went away while the hand-off was under way
        calls.clear();
        c.fellBack(null); // then the hand-off fell back
        assertEquals(List.of(), calls, "nothing served on a closed connection");
        c.serving();
        c.idle();
        assertEquals(ConnectionState.CLOSED, c.state());
        assertEquals(0, stats.activeConnections());
        assertEquals(0, hub.held());
        assertEquals(3, stats.illegalTransitions.sum());
    }

    /**
     * A closed connection is never moved and its socket never taken: the number of a closed descriptor may
     * already name another socket of the process. Seen in a drain: a connection whose client closed while
     * it waited to move was moved anyway, and the socket moved was an admin connection accepted meanwhile.
     */
    @Test void aClosedConnectionIsNeitherMovedNorItsSocketTaken() {
        EmbeddedChannel ch = new EmbeddedChannel();
        ClientConnection c = hub.accepted(ch);
        c.place("node1", Unpooled.buffer(), System.nanoTime());
        c.idle();
        ch.close();
        assertThrows(dts.splicer.sys.SysException.class, c::takeFd, "a closed channel's descriptor");
        c.closed();
        calls.clear();
        ByteBuf rest = Unpooled.copiedBuffer(new byte[] {'G'});
        c.moveTo("node3", rest, System.nanoTime());
        assertEquals(List.of(), calls, "no move of a closed connection");
        assertEquals(0, rest.refCnt(), "its bytes released");
        assertThrows(dts.splicer.sys.SysException.class, c::takeFd, "a closed connection's socket");
        assertEquals(ConnectionState.CLOSED, c.state());
    }

    @Test void anUnexpectedTransitionIsCountedNotThrown() {
        ClientConnection c = hub.accepted(new EmbeddedChannel());
        c.rejected(400);
        c.serving(); // REJECTED -> SERVING is not in the table
        assertEquals(1, stats.illegalTransitions.sum());
    }
}
