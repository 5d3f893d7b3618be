package dts.node.conn;

import dts.inspector.http.RequestHead;
import dts.inspector.route.Decision;
import dts.node.NodeStats;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;

import java.util.function.Predicate;

/**
 * Makes the {@link ClientConnection}s of this node and gives them what they call: the routing
 * decision, the {@link Mover} and the {@link Server}, the node's counters. Wired once at start.
 */
public final class Connections {
    /** Routes one request of a client. */
    @FunctionalInterface
    public interface Placer {
        Decision decide(RequestHead head, String clientAddress);

        /** The pool the rules give {@code head}, placing nothing (null: none, or unknown). */
        default String poolOf(RequestHead head) { return null; }
    }

    /** Where a connection leaves for while this node drains; null: it stays. */
    @FunctionalInterface
    public interface Leaving {
        String targetFor(ClientConnection c);
    }

    private final String selfId;
    private final java.util.Set<ClientConnection> held = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final LiveMoves liveMoves = new LiveMoves();
    private volatile Leaving leaving = c -> null;
    private final NodeStats stats;
    private final Placer placer;
    private final Predicate<String> selfInPool;
    private volatile Mover mover;
    private volatile Server server;

    /**
     * @param selfInPool whether this node belongs to a pool (a re-hand-off to a node of another pool
     *                   is counted as {@code pool}, one within the pool as {@code placement})
     */
    public Connections(String selfId, NodeStats stats, Placer placer, Predicate<String> selfInPool) {
        this.selfId = selfId;
        this.stats = stats;
        this.placer = placer;
        this.selfInPool = selfInPool;
    }

    /** Sets the parts connections call; before the first connection. */
    public void wire(Mover m, Server s) {
        this.mover = m;
        this.server = s;
    }

    /** A connection accepted by the VIP listener, about to be inspected. */
    public ClientConnection accepted(Channel ch) {
        stats.connectionsInspected.increment();
        ClientConnection c = new ClientConnection(this, ClientConnection.Origin.ACCEPTED, ch.eventLoop(), ch, -1);
        held.add(c);
        c.inspecting();
        return c;
    }

    /** A connection accepted by the VIP listener as a bare descriptor, about to be inspected. */
    public ClientConnection accepted(EventLoop loop, int fd, java.net.InetSocketAddress client) {
        stats.connectionsInspected.increment();
        ClientConnection c = new ClientConnection(this, ClientConnection.Origin.ACCEPTED, loop, null, fd);
        c.knownClient(client);
        held.add(c);
        c.inspecting();
        return c;
    }

    /**
     * A connection restored from another node's image and live on {@code fd}: serve it here, continuing
     * {@code resume} (a response cut mid-body on the other node; null: none) first.
     */
    public ClientConnection movedIn(EventLoop loop, int fd, dts.splicer.backend.Resume resume) {
        ClientConnection c = new ClientConnection(this, ClientConnection.Origin.MOVED_IN, loop, null, fd);
        held.add(c);
        c.resumeWith(resume);
        c.serve(null);
        return c;
    }

    /** Where connections leave for while this node drains (set by the drain; {@code c -> null}: stay). */
    public void leaving(Leaving l) { this.leaving = l; }

    /** Client connections this node holds now (every state but rejected, moved and closed). */
    public int held() { return held.size(); }

    /** The held connections by state, for a drain that did not finish. */
    public java.util.Map<ConnectionState, Integer> heldByState() {
        java.util.Map<ConnectionState, Integer> m = new java.util.EnumMap<>(ConnectionState.class);
        for (ClientConnection c : held) {
            ConnectionState s = c.state();
            if (s != null) m.merge(s, 1, Integer::sum);
        }
        return m;
    }

    /** Asks every idle connection to leave where {@link Leaving} says, paced ({@link LiveMoves}). */
    public void evacuate() { liveMoves.evacuate(held); }

    /** The drain ended (undrain, close): connections not nudged yet stay. */
    public void endEvacuation() { liveMoves.endEvacuation(); }

    /** A paced move ended: the next one may start. */
    void liveMoveEnded() { liveMoves.moveEnded(); }

    /**
     * Moves up to {@code count} idle connections to {@code target}, paced ({@link LiveMoves}); completes
     * with how many moves started.
     */
    public java.util.concurrent.CompletableFuture<Integer> moveIdle(String target, int count) {
        return liveMoves.move(held, target, count);
    }

    public String selfId() { return selfId; }

    boolean isSelf(String nodeId) { return selfId.equals(nodeId); }

    Decision decide(RequestHead head, String clientAddress) { return placer.decide(head, clientAddress); }

    Mover mover() { return mover; }

    Server server() { return server; }

    void countRehandOff(Decision d) {
        stats.rehandoffs.increment();
        if (d.pool() != null && !selfInPool.test(d.pool())) stats.rehandoffsForPool.increment();
        else stats.rehandoffsForPlacement.increment();
    }

    String poolOf(RequestHead head) { return placer.poolOf(head); }

    void countRequest(String pool) { stats.requestsByPool.count(pool); }

    void countResponse(int status) { stats.responses.count(status); }

    void countIllegal() { stats.illegalTransitions.increment(); }

    void countLeaving() { stats.connectionsLeft.increment(); }

    String leaveTarget(ClientConnection c) { return leaving.targetFor(c); }

    void let(ClientConnection c) { held.remove(c); }

    void transition(ConnectionState from, ConnectionState to) { stats.transition(from, to); }
}
