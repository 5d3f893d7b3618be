package dts.node.conn;

import dts.inspector.http.RequestHead;
import dts.inspector.route.Decision;
import dts.splicer.sys.LibC;
import dts.splicer.sys.SockAddr;
import dts.splicer.sys.SysException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.EpollSocketChannel;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one owner of a client connection on this node: its socket (a Netty channel, or a bare
 * descriptor while the HTTP relay or a hand-off holds it), where it came from, and its
 * {@link ConnectionState}. Every transition goes through here; the inspector, the request gate, the
 * HTTP relay's placement, the hand-off coordinator and the local server call it, never each other.
 * Used on the connection's event loop only.
 */
public final class ClientConnection {
    private static final Logger LOG = Logger.getLogger(ClientConnection.class.getName());

    /** How the socket came to this node. */
    public enum Origin {
        /** Accepted by this node's VIP listener: its flow is in this node's {@code @mine} set. */
        ACCEPTED,
        /** Restored from another node's image: its flow was never in {@code @mine} here. */
        MOVED_IN
    }

    private final Connections hub;
    private final Origin origin;
    private final EventLoop loop;
    private Channel channel;
    private int fd = -1;
    private ConnectionState state;
    private InetSocketAddress client;
    private final long createdNanos = System.nanoTime();
    /** Moving off while idle (a drain, a move, a stop), not for a request. */
    private boolean leavingIdle;
    /** This connection's move holds one of the paced live moves' slots (LiveMoves). */
    private volatile boolean moveSlot;
    private java.util.function.Predicate<String> mover; // moves the idle connection now (set by what serves it)
    private dts.splicer.backend.Resume resume; // a response cut mid-body, continued wherever the connection is served next
    private boolean decided;   // the next request answered here was placed by this node's decide()
    private String decidedPool; // ... in this pool (null: no rule matched)

    ClientConnection(Connections hub, Origin origin, EventLoop loop, Channel channel, int fd) {
        this.hub = hub;
        this.origin = origin;
        this.loop = loop;
        this.channel = channel;
        this.fd = fd;
    }

    public ConnectionState state() { return state; }

    public Origin origin() { return origin; }

    /** This node's id. */
    public String selfId() { return hub.selfId(); }

    public EventLoop loop() { return loop; }

    /** When this node accepted (or restored) the connection, System.nanoTime. */
    public long createdNanos() { return createdNanos; }

    /** The Netty channel that holds the socket now, or null when a descriptor does. */
    public Channel channel() { return channel; }

    /** The descriptor that holds the socket now, or -1 when a channel does. */
    public int fd() { return fd; }

    /** The client's address and port (null when the socket cannot tell). */
    public InetSocketAddress client() {
        if (client == null) client = peer();
        return client;
    }

    /** The client's address and port as the listener took them (saves asking the socket). */
    void knownClient(InetSocketAddress c) { client = c; }

    /** The routing decision for a request of this connection (its pool labels the request if it is answered here). */
    public Decision decide(RequestHead head) {
        InetSocketAddress c = client();
        Decision d = hub.decide(head, c == null ? "" : c.getAddress().getHostAddress());
        decided = true;
        decidedPool = d.pool();
        return d;
    }

    /**
     * A request of this connection is answered here (served, or pinned as a tunnel): counted under the
     * pool that placed it, by this node's last {@link #decide} or, for a request another node placed
     * (the first of a connection moved in, a pinned one), by the rules again.
     */
    public void answering(RequestHead head) {
        String pool = decided ? decidedPool : hub.poolOf(head);
        decided = false;
        hub.countRequest(pool);
    }

    /** A response went to the client with HTTP {@code status} (counted by class; an interim 1xx is not). */
    public void responded(int status) { hub.countResponse(status); }

    // ---- inspector

    /** Accepted by the VIP listener; its first head is being read. */
    void inspecting() { to(ConnectionState.INSPECTING); }

    /** The first request was placed on {@code nodeId}: serve it here or move the connection there. */
    public void place(String nodeId, ByteBuf consumed, long decisionNanos) {
        if (hub.isSelf(nodeId)) serve(consumed);
        else moveTo(nodeId, consumed, decisionNanos);
    }

    /**
     * Answered with an error ({@code status}) by the inspector; counted as a request of the pool the
     * decision named, if one was made, and as a response. {@link #closed} follows.
     */
    public void rejected(int status) {
        hub.countRequest(decided ? decidedPool : null);
        decided = false;
        hub.countResponse(status);
        to(ConnectionState.REJECTED);
    }

    // ---- serving here

    /** Serves the connection on this node, {@code consumed} (may be null) first. */
    public void serve(ByteBuf consumed) {
        if (!to(ConnectionState.SERVING)) { // closed (or moved) meanwhile: there is nothing to serve
            if (consumed != null) consumed.release();
            return;
        }
        hub.server().serve(this, consumed);
    }

    /** A later request is being answered here. */
    public void serving() { if (state != ConnectionState.SERVING) to(ConnectionState.SERVING); }

    /** Every response written; waiting for the next request. */
    public void idle() { if (state != ConnectionState.IDLE) to(ConnectionState.IDLE); }

    /** Pinned to this node as an opaque tunnel. */
    public void tunnel() { if (state != ConnectionState.TUNNEL) to(ConnectionState.TUNNEL); }

    /** Closed on this node (by the client, the backend, or an error). Idempotent. */
    public void closed() {
        if (state != ConnectionState.MOVED && state != ConnectionState.CLOSED) to(ConnectionState.CLOSED);
    }

    // ---- moving

    /**
     * A later request belongs on {@link Decision#nodeId()}; the connection waits for its earlier
     * responses to be taken by the client before it moves ({@link #moveTo}).
     */
    public void willMove(Decision d) {
        hub.countRehandOff(d);
        to(ConnectionState.MOVING);
    }

    /**
     * Where an idle connection should go now (this node is draining), or null to stay. Asked by what
     * serves the connection at each response boundary with nothing unread, and on {@link #nudge}.
     */
    public String leaveFor() { return hub.leaveTarget(this); }

    /** Leaves for another node while idle (a drain or a move): the move follows ({@link #moveTo}). */
    public void leaving() {
        leavingIdle = true;
        hub.countLeaving();
        to(ConnectionState.MOVING);
    }

    /**
     * How the component serving this connection moves it while it is idle: {@code m} starts the move
     * to the given node if the connection is still idle (nothing unread, every response acknowledged
     * or about to be) and says whether it did. On the connection's loop.
     */
    public void onIdleMove(java.util.function.Predicate<String> m) { this.mover = m; }

    /**
     * On the connection's loop: if idle, moves it to {@code target} (null: where {@link #leaveFor} says).
     * True when a move started.
     */
    boolean nudge(String target) {
        boolean midResponse = state == ConnectionState.SERVING && target == null; // a drain may cut a response
        if ((state != ConnectionState.IDLE && !midResponse) || mover == null) return false;
        String t = target != null ? target : leaveFor();
        return t != null && !hub.isSelf(t) && mover.test(t);
    }

    /** A paced nudge ({@link #nudge}) whose move holds a slot of LiveMoves until it ends; false: no move, slot free. */
    boolean nudgeHoldingSlot(String target) {
        moveSlot = true;
        boolean started = nudge(target);
        if (!started) moveSlot = false;
        return started;
    }

    /** Whether a move of this connection holds a slot of LiveMoves now. */
    boolean holdsMoveSlot() { return moveSlot && state == ConnectionState.MOVING; }

    /** A response cut mid-body travels with the connection: the next server continues it. */
    public void resumeWith(dts.splicer.backend.Resume r) { this.resume = r; }

    /** The response to continue (null: none), handed over once. */
    public dts.splicer.backend.Resume takeResume() {
        dts.splicer.backend.Resume r = resume;
        resume = null;
        return r;
    }

    /** The response to continue, still held (for the hand-off that carries it). */
    public dts.splicer.backend.Resume resume() { return resume; }

    /** The move waited too long for the client to take its responses: the request is served here. */
    public void stays() { to(ConnectionState.SERVING); }

    /** Moves the connection to {@code target} with {@code consumed}, the client's unserved bytes. */
    public void moveTo(String target, ByteBuf consumed, long decisionNanos) {
        if (state != ConnectionState.MOVING && !to(ConnectionState.MOVING)) { // closed meanwhile: nothing to move
            if (consumed != null) consumed.release();
            return;
        }
        hub.mover().move(this, target, consumed, decisionNanos);
    }

    /** The target holds the connection live; this node has left its data path. */
    public void moved() { to(ConnectionState.MOVED); }

    /** The move did not happen (or was taken back): serve here, {@code consumed} first. */
    public void fellBack(ByteBuf consumed) {
        leavingIdle = false;
        serve(consumed);
    }

    /** Whether the move under way is a live move of an idle connection (drain, move, stop), not a request's. */
    public boolean leavingIdle() { return leavingIdle; }

    // ---- the socket

    /**
     * The socket as a descriptor this connection holds from here: a channel gives it up (its handlers
     * removed, Netty's descriptor closed; the socket lives on in a duplicate).
     */
    public int takeFd() throws SysException {
        if (state != null && !state.holds()) throw new SysException("connection " + state.name().toLowerCase(java.util.Locale.ROOT) + " already");
        if (channel == null) {
            if (fd < 0) throw new SysException("no socket");
            return fd;
        }
        Channel ch = channel;
        // a closed channel's descriptor number may already name another socket of this process (an admin
        // connection accepted since): never duplicate it
        if (!ch.isOpen()) throw new SysException("socket closed");
        int dup = LibC.dup(((EpollSocketChannel) ch).fd().intValue());
        channel = null;
        fd = dup;
        ch.pipeline().forEach(h -> ch.pipeline().remove(h.getKey()));
        ch.close();
        return dup;
    }

    /** The socket is held by {@code fd} from here (the HTTP relay gave it up, or a hand-off took it back). */
    public void adopt(int descriptor) {
        channel = null;
        fd = descriptor;
    }

    /** The socket is held by {@code ch} from here (a descriptor wrapped for the embedded backend). */
    public void attach(Channel ch) {
        channel = ch;
        fd = -1;
    }

    /** False when the connection stays where it is (MOVED or CLOSED: terminal). */
    private boolean to(ConnectionState next) {
        ConnectionState from = state;
        if (from != null && !from.next().contains(next)) {
            hub.countIllegal();
            LOG.log(Level.FINE, "connection {0}: {1} -> {2} not expected", new Object[] {client, from, next});
            // MOVED and CLOSED stay: the connection left this node's books when it got there, so a late
            // event (a fallback, a relay's callback) must not count it as held again
            if (from.next().isEmpty()) return false;
        }
        state = next;
        // the socket is no longer this connection's (closed, or another node's now): its number may
        // soon name another socket of this process, so nothing here may use it again
        if (!next.holds()) fd = -1;
        // a paced move ends when the connection leaves MOVING, or goes away before it began moving
        if (moveSlot && next != ConnectionState.MOVING && (from == ConnectionState.MOVING || !next.holds())) {
            moveSlot = false;
            hub.liveMoveEnded();
        }
        hub.transition(from, next);
        if (!next.holds()) hub.let(this);
        return true;
    }

    private InetSocketAddress peer() {
        try {
            if (channel != null ? !channel.isOpen() : fd < 0) return null; // its number may name another socket now
            int s = channel != null ? ((EpollSocketChannel) channel).fd().intValue() : fd;
            SockAddr.Inet p = LibC.peerAddress(s);
            return new InetSocketAddress(InetAddress.getByAddress(p.addr()), p.port());
        } catch (UnknownHostException | RuntimeException e) { // SysException included
            return null;
        }
    }
}
