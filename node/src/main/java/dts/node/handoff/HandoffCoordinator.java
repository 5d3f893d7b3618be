package dts.node.handoff;

import dts.node.ConnectionState;
import dts.node.NodeStats;
import dts.node.serve.LocalServer;
import dts.splicer.nft.FlowTable;
import dts.splicer.repair.SocketImage;
import dts.splicer.repair.TcpRepair;
import dts.splicer.sys.LibC;
import dts.splicer.sys.SysException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.EpollSocketChannel;
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
 */
public final class HandoffCoordinator {
    private static final Logger LOG = Logger.getLogger(HandoffCoordinator.class.getName());
    private final Map<String, PeerLink> links;
    private final NodeStats stats;
    private final FlowTable flows;
    private final LocalServer local;
    private final long handoffTimeoutMillis;
    private final long commitDeadlineMillis;
    private final AtomicLong ids = new AtomicLong();
    private final ConcurrentHashMap<Long, Handoff> pending = new ConcurrentHashMap<>();

    /** One hand-off in progress, owned by the event loop of its client channel. */
    private static final class Handoff {
        enum State { PREPARING, COMMITTING }

        final long id;
        final int fd;
        final ByteBuf consumed;
        final EventLoop loop;
        final long decisionNanos;
        final PeerLink link;
        final InetSocketAddress client;
        State state = State.PREPARING;
        ScheduledFuture<?> deadline;

        Handoff(long id, int fd, ByteBuf consumed, EventLoop loop, long decisionNanos, PeerLink link, InetSocketAddress client) {
            this.id = id;
            this.fd = fd;
            this.consumed = consumed;
            this.loop = loop;
            this.decisionNanos = decisionNanos;
            this.link = link;
            this.client = client;
        }
    }

    public HandoffCoordinator(Map<String, PeerLink> links, NodeStats stats, FlowTable flows, LocalServer local,
                              long handoffTimeoutMillis) {
        this.links = links;
        this.stats = stats;
        this.flows = flows;
        this.local = local;
        this.handoffTimeoutMillis = handoffTimeoutMillis;
        // the target refuses a COMMIT that comes after its hold ran out (HandoffReceiver); only past
        // that, plus a margin for the LIVE/FAIL reply, may the source take the connection back
        this.commitDeadlineMillis = HandoffReceiver.holdMillis(handoffTimeoutMillis) + handoffTimeoutMillis;
    }

    /**
     * Moves {@code ch} to {@code target}. Runs on the channel's event loop; takes ownership of the channel
     * and of {@code consumed} (the bytes the inspector read: they travel with the socket).
     */
    public void handOff(Channel ch, ByteBuf consumed, String target, long decisionNanos) {
        handOff(ch, consumed, target, decisionNanos, ConnectionState.INSPECTING);
    }

    /**
     * As above for a connection in state {@code origin}: INSPECTING for a first hand-off, null for a
     * served keep-alive connection (its SERVING count ends when Netty's channel closes).
     */
    public void handOff(Channel ch, ByteBuf consumed, String target, long decisionNanos, ConnectionState origin) {
        PeerLink link = links.get(target);
        if (link == null || !link.alive()) {
            fallbackChannel(ch, consumed, "target " + target + " not reachable", origin);
            return;
        }
        int fd;
        try {
            fd = LibC.dup(((EpollSocketChannel) ch).fd().intValue());
        } catch (SysException e) {
            fallbackChannel(ch, consumed, e.getMessage(), origin);
            return;
        }
        EventLoop loop = ch.eventLoop();
        ch.pipeline().forEach(h -> ch.pipeline().remove(h.getKey()));
        ch.close(); // closes Netty's descriptor only; the socket lives on in fd
        stats.transition(origin, ConnectionState.HANDING_OFF);
        moveFd(loop, fd, consumed, link, target, decisionNanos);
    }

    /**
     * Moves a socket that no channel owns (the HTTP relay let go of it between two responses) to
     * {@code target}; on {@code loop}. Takes ownership of {@code fd} and {@code consumed}.
     */
    public void handOffFd(EventLoop loop, int fd, ByteBuf consumed, String target, long decisionNanos) {
        stats.transition(null, ConnectionState.HANDING_OFF);
        PeerLink link = links.get(target);
        if (link == null || !link.alive()) {
            serveHere(loop, fd, consumed, "target " + target + " not reachable");
            return;
        }
        moveFd(loop, fd, consumed, link, target, decisionNanos);
    }

    /** A socket not yet frozen (or thawed again by a failed dump) is served on this node. */
    private void serveHere(EventLoop loop, int fd, ByteBuf consumed, String why) {
        LOG.info("hand-off not attempted, serving locally: " + why);
        stats.handoffFallbacks.increment();
        stats.transition(ConnectionState.HANDING_OFF, null);
        local.serveFd(loop, fd, consumed);
    }

    private void moveFd(EventLoop loop, int fd, ByteBuf consumed, PeerLink link, String target, long decisionNanos) {
        InetSocketAddress client;
        SocketImage image;
        try {
            dts.splicer.sys.SockAddr.Inet peer = LibC.peerAddress(fd);
            client = new InetSocketAddress(java.net.InetAddress.getByAddress(peer.addr()), peer.port());
            image = TcpRepair.dump(fd, ByteBufUtil.getBytes(consumed));
        } catch (SysException | java.net.UnknownHostException e) {
            serveHere(loop, fd, consumed, "dump failed: " + e.getMessage());
            return;
        }
        Handoff h = new Handoff(ids.incrementAndGet(), fd, consumed, loop, decisionNanos, link, client);
        h.deadline = loop.schedule(() -> abort(h, "no READY within " + handoffTimeoutMillis + " ms"),
                handoffTimeoutMillis, TimeUnit.MILLISECONDS);
        pending.put(h.id, h);
        if (!link.send(new ControlMessage(ControlMessage.Type.PREPARE, h.id, image.toBytes()), loop)) {
            abort(h, "link to " + target + " went down");
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
            case READY -> commit(h);
            case FAIL -> {
                if (h.state == Handoff.State.PREPARING) abort(h, "target refused: " + m.text());
                else takeBack(h, "target refused COMMIT: " + m.text());
            }
            case LIVE -> live(h);
            default -> { }
        }
    }

    private void commit(Handoff h) {
        if (h.state != Handoff.State.PREPARING) return;
        h.deadline.cancel(false);
        h.state = Handoff.State.COMMITTING;
        stats.recordReadyMicros((System.nanoTime() - h.decisionNanos) / 1000);
        // whatever happens to the link now, the frozen socket stays until LIVE, FAIL or the deadline
        h.link.send(ControlMessage.of(ControlMessage.Type.COMMIT, h.id), h.loop);
        h.deadline = h.loop.schedule(() -> takeBack(h, "no LIVE within " + commitDeadlineMillis + " ms of COMMIT"),
                commitDeadlineMillis, TimeUnit.MILLISECONDS);
    }

    private void live(Handoff h) {
        if (h.state != Handoff.State.COMMITTING || pending.remove(h.id) == null) return;
        h.deadline.cancel(false);
        stats.recordHandoffMicros((System.nanoTime() - h.decisionNanos) / 1000);
        stats.handoffsOut.increment();
        stats.transition(ConnectionState.HANDING_OFF, null);
        h.consumed.release();
        flows.letGo(h.fd, h.client.getAddress().getAddress(), h.client.getPort());
    }

    /** Before COMMIT: tell the target to drop its copy, then serve the connection here. */
    private void abort(Handoff h, String why) {
        if (h.state != Handoff.State.PREPARING || pending.remove(h.id) == null) return;
        h.deadline.cancel(false);
        h.link.send(ControlMessage.of(ControlMessage.Type.ABORT, h.id), h.loop);
        LOG.info("hand-off " + h.id + " aborted, serving locally: " + why);
        resumeAndServe(h.loop, h.fd, h.consumed, h.client);
    }

    /** After COMMIT: the target refused it, or cannot have taken it any more; serve here. */
    private void takeBack(Handoff h, String why) {
        if (pending.remove(h.id) == null) return;
        h.deadline.cancel(false);
        stats.commitsRefused.increment();
        LOG.warning("hand-off " + h.id + " taken back after COMMIT, serving locally: " + why);
        resumeAndServe(h.loop, h.fd, h.consumed, h.client);
    }

    private void resumeAndServe(EventLoop loop, int fd, ByteBuf consumed, InetSocketAddress client) {
        try {
            TcpRepair.resume(fd);
        } catch (SysException e) {
            LOG.warning("could not resume socket after failed hand-off, connection lost: " + e.getMessage());
            consumed.release();
            stats.handoffsLost.increment();
            stats.transition(ConnectionState.HANDING_OFF, null);
            flows.letGo(fd, client.getAddress().getAddress(), client.getPort()); // silent, as any socket that goes
            return;
        }
        stats.handoffFallbacks.increment();
        stats.transition(ConnectionState.HANDING_OFF, null);
        local.serveFd(loop, fd, consumed);
    }

    private void fallbackChannel(Channel ch, ByteBuf consumed, String why, ConnectionState origin) {
        LOG.info("hand-off not attempted, serving locally: " + why);
        stats.handoffFallbacks.increment();
        stats.transition(origin, null);
        local.serveChannel(ch, consumed);
    }
}
