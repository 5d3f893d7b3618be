package dts.node.handoff;

import dts.node.NodeStats;
import dts.node.conn.ClientConnection;
import dts.node.conn.Mover;
import dts.splicer.nft.FlowTable;
import dts.splicer.repair.Endpoint;
import dts.splicer.repair.SegmentTap;
import dts.splicer.repair.Segments;
import dts.splicer.repair.SocketImage;
import dts.splicer.repair.TcpRepair;
import dts.splicer.sys.SysException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;

import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * The source's half of a hand-off (the inspector's, or a keep-alive connection's current node).
 * Takes the socket away from Netty, freezes and dumps it with TCP_REPAIR, and offers it to the
 * target (PREPARE). On READY it sends COMMIT and keeps its frozen socket until the target confirms
 * that its copy is live (LIVE): only then does it let go of the flow ({@link FlowTable#letGo}: no
 * packet of the flow can reach TCP here once the socket is gone). On FAIL, a dead link or no READY
 * within {@code handoffTimeoutMillis} it aborts and serves the connection itself; a COMMIT the target
 * refuses (FAIL), or one unanswered until the target's hold has surely expired, ends the same way.
 * So a flow always has a socket: the target's, or the source's again.
 *
 * <p>A request's hand-off takes one trip once the link knows the target's clock ({@link PeerClock},
 * from the heartbeats): the PREPARE carries a deadline in the target's clock, early by the clock's
 * error bound, and the target goes live at once if it restored the socket before it (LIVE), or
 * refuses (FAIL). No answer by that deadline (plus a margin) here: the source fences the hand-off with
 * a heartbeat on the same link connection and takes the connection back only once its PONG came
 * without a LIVE before it ({@link #overdue}), or the connection closed or fell silent.
 *
 * <p>For a live move (a drain, a move, a stop: the client may send at any moment), the node's
 * {@link SegmentTap} holds the client's segments that the frozen socket drops while it is frozen:
 * the COMMIT carries them to the target, which puts them into its live socket; a connection taken
 * back gets them here. The client sends nothing twice because of such a move. A request's hand-off
 * (the client waits for its answer) does without: the tap stays off on the request path.
 */
public final class HandoffCoordinator implements Mover {
    private static final Logger LOG = Logger.getLogger(HandoffCoordinator.class.getName());
    private final Map<String, PeerLink> links;
    private final NodeStats stats;
    private final FlowTable flows;
    private final SegmentTap tap;
    private final long handoffTimeoutMillis;
    private final long commitDeadlineMillis;
    private final long takeBackMillis;
    private final java.util.function.Predicate<String> inView;
    private final AtomicLong ids = new AtomicLong();
    private final ConcurrentHashMap<Long, Handoff> pending = new ConcurrentHashMap<>();

    /** One hand-off in progress, owned by the event loop of its client channel. */
    private static final class Handoff {
        /** PREPARING: two-phase, before READY; OFFERED: one trip, before LIVE or FAIL; COMMITTING: after COMMIT. */
        enum State { PREPARING, OFFERED, COMMITTING }

        final long id;
        final ClientConnection conn;
        final int fd;
        final ByteBuf consumed;
        final EventLoop loop;
        final long decisionNanos;
        final PeerLink link;
        final InetSocketAddress client;
        final Endpoint clientEndpoint;
        final long frozenNanos = System.nanoTime();
        /** A live move (drain, move, stop): the tap holds this flow's segments, and its freeze is recorded. */
        final boolean holdSegments;
        State state = State.PREPARING;
        ScheduledFuture<?> deadline;
        /** The link connection its PREPARE (then its COMMIT) went on: the target answers on it. */
        io.netty.channel.Channel via;
        /** Its deadline passed unanswered: the fence PING's stamp ({@link #overdue}). */
        boolean overdue;
        long fenceNanos = Long.MIN_VALUE;
        /** The next look for the fence PONG, doubling up to {@link #FENCE_POLL_MAX_MILLIS}. */
        long fencePollMillis = FENCE_POLL_MILLIS;
        /** Its target offered it back before its LIVE came ({@link #settleReturning}): settled once. */
        final java.util.concurrent.atomic.AtomicBoolean returned = new java.util.concurrent.atomic.AtomicBoolean();

        Handoff(long id, ClientConnection conn, int fd, ByteBuf consumed, EventLoop loop, long decisionNanos, PeerLink link,
                InetSocketAddress client, Endpoint clientEndpoint, boolean holdSegments) {
            this.id = id;
            this.conn = conn;
            this.fd = fd;
            this.consumed = consumed;
            this.loop = loop;
            this.decisionNanos = decisionNanos;
            this.link = link;
            this.client = client;
            this.clientEndpoint = clientEndpoint;
            this.holdSegments = holdSegments;
        }
    }

    /**
     * @param inView whether a peer is in the agreed membership view: an overdue hand-off whose target
     *               left it (frozen, cut off) waits no longer for its answer ({@link #overdue})
     */
    public HandoffCoordinator(Map<String, PeerLink> links, NodeStats stats, FlowTable flows, SegmentTap tap, long handoffTimeoutMillis,
                              java.util.function.Predicate<String> inView) {
        this.links = links;
        this.inView = inView;
        this.stats = stats;
        this.flows = flows;
        this.tap = tap;
        this.handoffTimeoutMillis = handoffTimeoutMillis;
        // the target refuses a COMMIT that comes after its hold ran out (HandoffReceiver); only past
        // that, plus a margin for the LIVE/FAIL reply, may the source take the connection back
        this.commitDeadlineMillis = HandoffReceiver.holdMillis(handoffTimeoutMillis) + handoffTimeoutMillis;
        // a one-trip target goes live only before the PREPARE's deadline, handoffTimeoutMillis after it
        // left here in our clock (PeerClock); the margin covers drift over the window and the reply
        this.takeBackMillis = handoffTimeoutMillis + Math.max(5, handoffTimeoutMillis / 10);
    }

    /**
     * Moves {@code c} to {@code target}. On the connection's event loop; takes ownership of
     * {@code consumed} (the client's bytes read and not yet served: they travel with the socket).
     */
    @Override
    public void move(ClientConnection c, String target, ByteBuf consumed, long decisionNanos) {
        stats.recordDrainWaitMicros((System.nanoTime() - decisionNanos) / 1000);
        PeerLink link = links.get(target);
        if (link == null || !link.alive()) {
            serveHere(c, consumed, "target " + target + " not reachable");
            return;
        }
        int fd;
        try {
            fd = c.takeFd();
        } catch (SysException e) {
            serveHere(c, consumed, e.getMessage());
            return;
        }
        moveFd(c, fd, consumed, link, target, decisionNanos);
    }

    /** A socket not yet frozen (or thawed again by a failed dump) is served on this node. */
    private void serveHere(ClientConnection c, ByteBuf consumed, String why) {
        LOG.info("hand-off not attempted, serving locally: " + why);
        stats.handoffFallbacks.increment();
        c.fellBack(consumed);
    }

    private void moveFd(ClientConnection c, int fd, ByteBuf consumed, PeerLink link, String target, long decisionNanos) {
        InetSocketAddress client = c.client();
        if (client == null) {
            c.adopt(fd);
            serveHere(c, consumed, "dump failed: getpeername: not connected");
            return;
        }
        SocketImage image;
        Endpoint clientEndpoint = Endpoint.of(client);
        boolean hold = c.leavingIdle();
        if (hold) tap.watch(clientEndpoint); // from before the freeze: nothing the frozen socket drops is lost
        try {
            image = TcpRepair.dump(fd, ByteBufUtil.getBytes(consumed));
        } catch (SysException e) {
            if (hold) tap.unwatch(clientEndpoint);
            c.adopt(fd);
            serveHere(c, consumed, "dump failed: " + e.getMessage());
            return;
        }
        EventLoop loop = c.loop();
        Handoff h = new Handoff(ids.incrementAndGet(), c, fd, consumed, loop, decisionNanos, link, client, clientEndpoint, hold);
        PreparePayload payload;
        if (!hold && link.clock().known()) {
            // one trip: the target goes live at once if the PREPARE is restored before our deadline
            // (in its clock, early by the clock's error); past it (plus a margin) we may take it back
            long now = System.nanoTime();
            long windowNanos = TimeUnit.MILLISECONDS.toNanos(handoffTimeoutMillis);
            payload = PreparePayload.oneTrip(image, link.clock().deadlineAtPeer(now, windowNanos), link.clock().atPeer(decisionNanos), c.resume());
            h.state = Handoff.State.OFFERED;
            h.deadline = loop.schedule(() -> overdue(h, "no LIVE or FAIL within " + takeBackMillis + " ms of a one-trip PREPARE"),
                    takeBackMillis, TimeUnit.MILLISECONDS);
        } else {
            payload = new PreparePayload(image, h.holdSegments, c.resume());
            h.deadline = loop.schedule(() -> abort(h, "no READY within " + handoffTimeoutMillis + " ms"),
                    handoffTimeoutMillis, TimeUnit.MILLISECONDS);
        }
        pending.put(h.id, h);
        h.via = link.sendVia(new ControlMessage(ControlMessage.Type.PREPARE, h.id, payload.encode()), loop);
        if (h.via == null) {
            abort(h, "link to " + target + " went down"); // nothing was written: the target never saw it
        }
    }

    /**
     * A reply from {@code fromPeer}, on the event loop of the link it came on (the client channel's loop).
     * False (the link is then closed) for an id never sent or a hand-off offered to another peer.
     */
    public boolean onReply(String fromPeer, ControlMessage m) {
        if (m.id() <= 0 || m.id() > ids.get()) return false;
        Handoff h = pending.get(m.id());
        if (h == null) return true; // already settled (a late READY after an abort: the target drops its copy on ABORT)
        if (!h.link.peerId().equals(fromPeer)) return false;
        if (h.loop.inEventLoop()) onReply(h, m);
        else h.loop.execute(() -> onReply(h, m));
        return true;
    }

    private void onReply(Handoff h, ControlMessage m) {
        if (pending.get(m.id()) != h) return;
        switch (m.type()) {
            case READY -> commit(h); // to a one-trip PREPARE too: that target holds it (two-phase) and waits for COMMIT
            case FAIL -> {
                switch (h.state) {
                    case PREPARING, OFFERED -> abort(h, "target refused: " + m.text()); // not live there
                    case COMMITTING -> takeBack(h, "target refused COMMIT: " + m.text());
                }
            }
            case LIVE -> live(h);
            default -> { }
        }
    }

    private void commit(Handoff h) {
        if (h.state == Handoff.State.COMMITTING) return;
        h.deadline.cancel(false);
        h.state = Handoff.State.COMMITTING;
        stats.recordReadyMicros((System.nanoTime() - h.decisionNanos) / 1000);
        // whatever happens to the link now, the frozen socket stays until LIVE, FAIL or the deadline
        byte[] held = h.holdSegments ? Segments.encode(tap.take(h.clientEndpoint)) : new byte[0];
        io.netty.channel.Channel via = h.link.sendVia(new ControlMessage(ControlMessage.Type.COMMIT, h.id, held), h.loop);
        if (via != null) h.via = via;
        h.deadline = h.loop.schedule(() -> overdue(h, "no LIVE within " + commitDeadlineMillis + " ms of COMMIT"),
                commitDeadlineMillis, TimeUnit.MILLISECONDS);
    }

    /**
     * An overdue hand-off looks for its fence PONG after 5 ms, then twice as long each time up to 100 ms:
     * a live target answers within a round trip or a throttled period, while a frozen one keeps its
     * hand-offs waiting until it leaves the view (~1.75 s) and must not cost its sources a wake-up
     * every few milliseconds per hand-off meanwhile.
     */
    static final long FENCE_POLL_MILLIS = 5;
    static final long FENCE_POLL_MAX_MILLIS = 100;

    /**
     * A one-trip PREPARE, or a COMMIT, unanswered by its deadline. Past it the target refuses to go
     * live, but it checks the deadline before it goes live, and a target starved of CPU between the two
     * (a throttled cgroup) went live late while this node took the connection back: two live copies.
     * So the deadline alone decides only when the target can no longer answer: the connection it went
     * on closed or answers no heartbeat for {@code deadAfterMillis}, or the target left the agreed view
     * (frozen, cut off). While it answers, a heartbeat sent now fences the hand-off: the target handles
     * a connection's frames in order on one thread, so once that heartbeat's PONG is back, its LIVE or
     * FAIL would have come before it; without either, the target let it go, and it is taken back here.
     */
    private void overdue(Handoff h, String why) {
        if (pending.get(h.id) != h) return;
        if (!h.overdue) {
            h.overdue = true;
            stats.handoffsOverdue.increment();
            if (h.via != null) h.fenceNanos = h.link.fence(h.via);
        }
        PeerLink.Fence fence = h.via == null || !inView.test(h.link.peerId()) ? PeerLink.Fence.SILENT : h.link.fenced(h.via, h.fenceNanos);
        switch (fence) {
            case WAITING -> {
                h.deadline = h.loop.schedule(() -> overdue(h, why), h.fencePollMillis, TimeUnit.MILLISECONDS);
                h.fencePollMillis = Math.min(FENCE_POLL_MAX_MILLIS, 2 * h.fencePollMillis);
            }
            case PASSED -> takeBack(h, why + "; the target has let it go (it answered a later heartbeat)");
            case SILENT -> takeBack(h, why + "; the target's link is down or silent, or it left the view");
        }
    }

    /**
     * {@code peer} offers back a connection that this node handed to it (its PREPARE for the same
     * client endpoint came in before its LIVE, on the other link): it can only have dumped a socket it
     * held live, so the hand-off here is settled as if its LIVE had come, and the frozen socket lets
     * go of the 4-tuple. True the first time for such a pending hand-off (settled on its own loop); the
     * restore's retries ask again until the 4-tuple is free.
     */
    public boolean settleReturning(String peer, Endpoint client) {
        for (Handoff h : pending.values()) {
            if (h.clientEndpoint.equals(client) && h.link.peerId().equals(peer) && h.returned.compareAndSet(false, true)) {
                h.loop.execute(() -> {
                    if (h.state != Handoff.State.PREPARING) live(h); // PREPARING: the peer never had it live
                });
                return true;
            }
        }
        return false;
    }

    private void live(Handoff h) {
        if (h.state == Handoff.State.PREPARING || pending.remove(h.id) == null) return;
        h.deadline.cancel(false);
        long now = System.nanoTime();
        stats.recordHandoffMicros((now - h.decisionNanos) / 1000);
        if (h.holdSegments) stats.recordMoveFreezeMicros((now - h.frozenNanos) / 1000);
        stats.handoffsOut.increment();
        if (h.overdue) stats.overdueLives.increment(); // live at the target after all: never taken back here
        h.consumed.release();
        if (h.holdSegments) tap.unwatch(h.clientEndpoint); // what came since the COMMIT reached the target's own tap
        h.conn.moved();
        release(h.conn, h.fd, h.client);
    }

    /**
     * Lets go of the frozen socket of a connection that left: out of {@code @mine} only if it may still
     * be in it (accepted here, and younger than the set's timeout plus a second); else no nft work.
     */
    private void release(ClientConnection c, int fd, InetSocketAddress client) {
        byte[] addr = client.getAddress().getAddress();
        long mineNanos = TimeUnit.SECONDS.toNanos(flows.spec().flowTimeoutSeconds() + 1L);
        boolean mayBeInMine = c.origin() == ClientConnection.Origin.ACCEPTED && System.nanoTime() - c.createdNanos() < mineNanos;
        if (mayBeInMine) flows.letGo(fd, addr, client.getPort());
        else flows.bury(fd, addr, client.getPort());
    }

    /**
     * Before COMMIT (or a one-trip PREPARE the target refused or never got): tell the target to drop
     * any copy it holds, then serve the connection here.
     */
    private void abort(Handoff h, String why) {
        if (h.state == Handoff.State.COMMITTING || pending.remove(h.id) == null) return;
        h.deadline.cancel(false);
        if (h.state == Handoff.State.PREPARING) h.link.send(ControlMessage.of(ControlMessage.Type.ABORT, h.id), h.loop);
        LOG.info("hand-off " + h.id + " aborted, serving locally: " + why);
        resumeAndServe(h);
    }

    /**
     * After COMMIT, or a one-trip PREPARE: the target refused it, or cannot have gone live with it
     * any more (its deadline, or its hold, has surely passed there); serve here.
     */
    private void takeBack(Handoff h, String why) {
        if (pending.remove(h.id) == null) return;
        h.deadline.cancel(false);
        stats.commitsRefused.increment();
        LOG.warning("hand-off " + h.id + " taken back, serving locally: " + why);
        resumeAndServe(h);
    }

    private void resumeAndServe(Handoff h) {
        try {
            TcpRepair.resume(h.fd);
        } catch (SysException e) {
            LOG.warning("could not resume socket after failed hand-off, connection lost: " + e.getMessage());
            if (h.holdSegments) tap.unwatch(h.clientEndpoint);
            h.consumed.release();
            stats.handoffsLost.increment();
            h.conn.closed();
            release(h.conn, h.fd, h.client); // silent, as any socket that goes
            return;
        }
        if (h.holdSegments) { // live again: what it dropped while frozen
            tap.reinject(h.clientEndpoint, tap.take(h.clientEndpoint));
            tap.unwatch(h.clientEndpoint);
        }
        stats.handoffFallbacks.increment();
        h.conn.adopt(h.fd);
        h.conn.fellBack(h.consumed);
    }
}
