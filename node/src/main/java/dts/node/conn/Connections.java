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
    }

    private final String selfId;
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
        c.inspecting();
        return c;
    }

    /** A connection restored from another node's image and live on {@code fd}: serve it here. */
    public ClientConnection movedIn(EventLoop loop, int fd) {
        ClientConnection c = new ClientConnection(this, ClientConnection.Origin.MOVED_IN, loop, null, fd);
        c.serve(null);
        return c;
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

    void countIllegal() { stats.illegalTransitions.increment(); }

    void transition(ConnectionState from, ConnectionState to) { stats.transition(from, to); }
}
