package dts.node.conn;

import dts.node.NodeStats;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Paced live moves: at most {@link LiveMoves#IN_FLIGHT} under way, each ended move starting the next. */
class LiveMovesTest {
    private final NodeStats stats = new NodeStats();
    private final Connections hub = new Connections("node1", stats, (head, client) -> null, pool -> true);
    private final List<EmbeddedChannel> channels = new ArrayList<>();
    private final List<ClientConnection> started = new ArrayList<>();
    /** Whether the idle mover defers its move (as the embedded backend's gate does inside a codec call). */
    private boolean deferring;

    LiveMovesTest() {
        hub.wire((c, target, consumed, t0) -> consumed.release(), (c, consumed) -> {
            if (consumed != null) consumed.release();
        });
    }

    private List<ClientConnection> idleConnections(int n) {
        List<ClientConnection> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            EmbeddedChannel ch = new EmbeddedChannel();
            channels.add(ch);
            ClientConnection c = hub.accepted(ch);
            c.place("node1", Unpooled.buffer(), System.nanoTime());
            c.idle();
            c.onIdleMove(target -> {
                started.add(c);
                if (!deferring) c.leaving();
                return true;
            });
            out.add(c);
        }
        return out;
    }

    private void runLoops() {
        for (int round = 0; round < 3; round++) channels.forEach(EmbeddedChannel::runPendingTasks);
    }

    @Test
    void anOperatorsMoveKeepsAtMostTheWindowUnderWayAndFinishes() throws Exception {
        List<ClientConnection> conns = idleConnections(40);
        CompletableFuture<Integer> moving = hub.moveIdle("node2", 30);
        runLoops();
        assertEquals(LiveMoves.IN_FLIGHT, started.size(), "moves under way at once");
        for (int i = 0; i < 5; i++) started.get(i).moved();
        runLoops();
        assertEquals(LiveMoves.IN_FLIGHT + 5, started.size(), "each ended move starts the next");
        while (!moving.isDone()) {
            for (ClientConnection c : List.copyOf(started)) if (c.state() == ConnectionState.MOVING) c.moved();
            runLoops();
        }
        assertEquals(30, moving.get(), "moves started");
        assertEquals(30, started.size());
        assertEquals(10, conns.stream().filter(c -> c.state() == ConnectionState.IDLE).count(), "the rest stay");
        assertEquals(0, stats.illegalTransitions.sum());
    }

    @Test
    void aConnectionThatGoesAwayBeforeItsDeferredMoveFreesItsSlot() {
        deferring = true;
        List<ClientConnection> conns = idleConnections(LiveMoves.IN_FLIGHT + 1);
        CompletableFuture<Integer> moving = hub.moveIdle("node2", LiveMoves.IN_FLIGHT + 1);
        runLoops();
        assertEquals(LiveMoves.IN_FLIGHT, started.size());
        assertFalse(moving.isDone());
        started.getFirst().closed(); // its client went away before the move began
        runLoops();
        assertEquals(LiveMoves.IN_FLIGHT + 1, started.size(), "the freed slot started the last connection's move");
        assertTrue(moving.isDone());
        assertEquals(LiveMoves.IN_FLIGHT + 1, conns.size());
    }
}
