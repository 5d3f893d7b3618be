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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * The inspector's half of a hand-off. Takes the socket away from Netty, dumps it with TCP_REPAIR,
 * offers it to the target (PREPARE), and on READY commits: the target goes live, the flow leaves this
 * node's {@code @mine} set and the local socket closes silently. On FAIL, a dead link or no READY
 * within {@code handoffTimeoutMillis} it aborts and serves the connection itself.
 */
public final class HandoffCoordinator {
    private static final Logger LOG = Logger.getLogger(HandoffCoordinator.class.getName());
    private final Map<String, PeerLink> links;
    private final NodeStats stats;
    private final FlowTable flows;
    private final LocalServer local;
    private final long handoffTimeoutMillis;
    private final AtomicLong ids = new AtomicLong();
    private final ConcurrentHashMap<Long, Pending> pending = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Long, Long> awaitingLive = new ConcurrentHashMap<>();

    private record Pending(long id, int fd, ByteBuf consumed, EventLoop loop, long decisionNanos,
                           PeerLink link, InetSocketAddress client, ScheduledFuture<?> timeout, ConnectionState origin) {}

    public HandoffCoordinator(Map<String, PeerLink> links, NodeStats stats, FlowTable flows, LocalServer local,
                              long handoffTimeoutMillis) {
        this.links = links;
        this.stats = stats;
        this.flows = flows;
        this.local = local;
        this.handoffTimeoutMillis = handoffTimeoutMillis;
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
        EventLoop loop = ch.eventLoop();
        if (link == null || !link.alive()) {
            fallbackChannel(ch, consumed, "target " + target + " not reachable", origin);
            return;
        }
        InetSocketAddress client = (InetSocketAddress) ch.remoteAddress();
        int fd;
        try {
            fd = LibC.dup(((EpollSocketChannel) ch).fd().intValue());
        } catch (SysException e) {
            fallbackChannel(ch, consumed, e.getMessage(), origin);
            return;
        }
        ch.pipeline().forEach(h -> ch.pipeline().remove(h.getKey()));
        ch.close(); // closes Netty's descriptor only; the socket lives on in fd
        SocketImage image;
        try {
            image = TcpRepair.dump(fd, ByteBufUtil.getBytes(consumed));
        } catch (SysException e) {
            LOG.info("dump failed, serving locally: " + e.getMessage());
            stats.transition(origin, ConnectionState.HANDING_OFF);
            resumeAndServe(loop, fd, consumed);
            return;
        }
        stats.transition(origin, ConnectionState.HANDING_OFF);
        long id = ids.incrementAndGet();
        ScheduledFuture<?> timeout = loop.schedule(() -> abort(id, "no READY within " + handoffTimeoutMillis + " ms"),
                handoffTimeoutMillis, TimeUnit.MILLISECONDS);
        pending.put(id, new Pending(id, fd, consumed, loop, decisionNanos, link, client, timeout, origin));
        if (!link.send(new ControlMessage(ControlMessage.Type.PREPARE, id, image.toBytes()), loop)) {
            abort(id, "link to " + target + " went down");
        }
    }

    /** A reply from a target, on its link's event loop. */
    public void onReply(ControlMessage m) {
        switch (m.type()) {
            case READY -> commit(m.id());
            case FAIL -> abort(m.id(), "target refused: " + m.text());
            case LIVE -> {
                Long t0 = awaitingLive.remove(m.id());
                if (t0 != null) stats.recordHandoffMicros((System.nanoTime() - t0) / 1000);
            }
            default -> { }
        }
    }

    private void commit(long id) {
        Pending p = pending.remove(id);
        if (p == null) return; // already aborted; the target drops its copy on ABORT
        p.timeout().cancel(false);
        awaitingLive.put(id, p.decisionNanos());
        stats.recordReadyMicros((System.nanoTime() - p.decisionNanos()) / 1000);
        p.link().send(ControlMessage.of(ControlMessage.Type.COMMIT, id), p.loop());
        stats.handoffsOut.increment();
        stats.transition(ConnectionState.HANDING_OFF, null);
        p.consumed().release();
        // If this node inspected the flow, it is still in @mine (also when it served the first requests
        // itself): close only once it is gone, or the client's next segment would be accepted here and
        // answered with a RST. On other nodes the entry is missing, which forget() tolerates.
        flows.forget(p.client().getAddress().getAddress(), p.client().getPort(), () -> closeQuietly(p.fd()));
        if (awaitingLive.size() > 100_000) awaitingLive.clear(); // LIVE lost with a dead target: bound the map
    }

    private void abort(long id, String why) {
        Pending p = pending.remove(id);
        if (p == null) return;
        p.timeout().cancel(false);
        p.link().send(ControlMessage.of(ControlMessage.Type.ABORT, id), p.loop());
        LOG.info("hand-off " + id + " aborted, serving locally: " + why);
        p.loop().execute(() -> resumeAndServe(p.loop(), p.fd(), p.consumed()));
    }

    private void resumeAndServe(EventLoop loop, int fd, ByteBuf consumed) {
        try {
            TcpRepair.resume(fd);
        } catch (SysException e) {
            LOG.warning("could not resume socket after failed hand-off: " + e.getMessage());
            consumed.release();
            closeQuietly(fd);
            stats.transition(ConnectionState.HANDING_OFF, null);
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

    private static void closeQuietly(int fd) {
        try {
            LibC.close(fd);
        } catch (SysException ignored) {
            // already gone
        }
    }
}
