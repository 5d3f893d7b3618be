package dts.node.conn;

import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The live moves of idle connections (a drain's evacuation, an operator's move), paced: at most
 * {@link #IN_FLIGHT} moves are under way at once, and each one that ends starts the next. So each
 * connection's freeze spans a few moves instead of the whole batch, and a target never holds more
 * restored sockets of this node than it accepts (HandoffReceiver's per-peer bound).
 */
final class LiveMoves {
    /** Moves under way at once, at most. */
    static final int IN_FLIGHT = 12;

    /** One operator's move: up to {@code left} idle connections to {@code target}. */
    private static final class Request {
        final String target;
        final AtomicInteger left;
        final AtomicInteger started = new AtomicInteger();
        final AtomicInteger entries;
        final CompletableFuture<Integer> done = new CompletableFuture<>();

        Request(String target, int count, int entries) {
            this.target = target;
            this.left = new AtomicInteger(count);
            this.entries = new AtomicInteger(entries);
            if (entries == 0) done.complete(0);
        }

        void entryDone() {
            if (entries.decrementAndGet() == 0) done.complete(started.get());
        }
    }

    /** A connection to nudge; {@code request} null: the drain's (target: where the connection's leaveFor says). */
    private record Nudge(ClientConnection c, Request request) {}

    private final AtomicInteger inFlight = new AtomicInteger();
    private final ConcurrentLinkedQueue<Nudge> queue = new ConcurrentLinkedQueue<>();

    /** A drain's round: every held connection not queued or moving yet is queued. */
    void evacuate(Collection<ClientConnection> held) {
        if (queue.isEmpty()) {
            int moving = 0;
            for (ClientConnection c : held) {
                if (c.holdsMoveSlot()) moving++;
                else queue.add(new Nudge(c, null));
            }
            inFlight.set(moving); // a slot whose move never began is given back here
        }
        topUp();
    }

    /** Up to {@code count} of {@code held} that are idle when their turn comes go to {@code target}; completes with how many started. */
    CompletableFuture<Integer> move(Collection<ClientConnection> held, String target, int count) {
        java.util.List<ClientConnection> all = java.util.List.copyOf(held);
        Request r = new Request(target, count, all.size());
        for (ClientConnection c : all) queue.add(new Nudge(c, r));
        topUp();
        return r.done;
    }

    /** The drain ended: its connections not nudged yet stay (operators' moves go on). */
    void endEvacuation() { queue.removeIf(n -> n.request() == null); }

    /** A paced move ended (moved, fell back) or never began: the next may start. */
    void moveEnded() {
        inFlight.decrementAndGet();
        if (!queue.isEmpty()) topUp();
    }

    private void topUp() {
        while (true) {
            if (inFlight.incrementAndGet() > IN_FLIGHT) {
                inFlight.decrementAndGet();
                return;
            }
            Nudge n = queue.poll();
            if (n == null) {
                inFlight.decrementAndGet();
                return;
            }
            n.c().loop().execute(() -> {
                if (!nudge(n)) moveEnded();
            });
        }
    }

    /** On the connection's loop: whether a move started (it then holds its slot until it ends). */
    private static boolean nudge(Nudge n) {
        Request r = n.request();
        if (r == null) return n.c().nudgeHoldingSlot(null);
        try {
            if (r.left.getAndDecrement() <= 0) {
                r.left.incrementAndGet();
                return false;
            }
            boolean started = n.c().nudgeHoldingSlot(r.target);
            if (started) r.started.incrementAndGet();
            else r.left.incrementAndGet();
            return started;
        } finally {
            r.entryDone();
        }
    }
}
