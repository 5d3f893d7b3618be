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

    @Test void anUnexpectedTransitionIsCountedNotThrown() {
        ClientConnection c = hub.accepted(new EmbeddedChannel());
        c.rejected(400);
        c.serving(); // REJECTED -> SERVING is not in the table
        assertEquals(1, stats.illegalTransitions.sum());
    }
}
