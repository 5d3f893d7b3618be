package dts.node.serve;

import dts.node.ConnectionState;
import dts.inspector.http.HeadParser;
import dts.node.NodeStats;
import dts.node.inspect.Dispatcher;
import dts.splicer.backend.BackendRelay;
import dts.splicer.backend.HttpBackend;
import dts.splicer.backend.RequestPlacement;
import io.netty.buffer.ByteBufUtil;
import dts.splicer.backend.RelayStats;
import dts.splicer.backend.StaticBackend;
import dts.splicer.sys.LibC;
import dts.splicer.sys.SysException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.EpollSocketChannel;

import java.net.InetSocketAddress;
import java.util.logging.Logger;

/**
 * Serves a connection on this node: with the embedded static backend in the channel's pipeline, or
 * spliced zero-copy to the node's local web server. Used for connections this node inspected and kept,
 * for connections moved in by a hand-off, and for hand-off fallbacks.
 */
public final class LocalServer {
    private static final Logger LOG = Logger.getLogger(LocalServer.class.getName());
    private final StaticBackend.Config embedded; // null when a local web server is configured
    private final HttpBackend http;              // the HTTP relay to the local web server, or null
    private final RelayStats relayStats;
    private final NodeStats stats;

    public LocalServer(StaticBackend.Config embedded, InetSocketAddress backend, int maxHeadBytes, RelayStats relayStats, NodeStats stats) {
        if ((embedded == null) == (backend == null)) throw new IllegalArgumentException("exactly one of embedded/backend");
        this.embedded = embedded;
        this.relayStats = relayStats;
        this.stats = stats;
        this.http = backend == null ? null : HttpBackend.create(backend, maxHeadBytes, relayStats, BackendRelay.Options.defaults());
    }

    private volatile Placements placements;

    /** Per-request placement of the HTTP relay's connections, or null (every request stays here). */
    private interface Placements {
        RequestPlacement forClient(EventLoop loop, int fd);
    }

    private volatile GateFactory gates;

    /** Builds the per-request routing handler of a connection; null: connections stay on this node. */
    public interface GateFactory {
        RequestGate create(ByteBuf consumed);
    }

    public RelayStats relayStats() { return relayStats; }

    /**
     * This node's load for placement: requests in flight in the HTTP relay to the local web server, or,
     * with the embedded backend (whose requests are not counted), the connections it serves.
     */
    public long load() {
        return http != null ? http.stats().inFlightRequests() : stats.activeConnections();
    }

    /**
     * Routes every request after the first on keep-alive connections: before the embedded backend's
     * codec ({@link RequestGate}), or in the HTTP relay to the local web server ({@link RelayPlacement}).
     */
    public void routeKeepAlive(HeadParser parser, Dispatcher dispatcher, String selfId) {
        gates = consumed -> new RequestGate(parser, dispatcher, selfId, stats, consumed);
        placements = (loop, fd) -> new RelayPlacement(dispatcher, selfId, stats, loop, fd);
    }

    /** The embedded backend's handlers, behind a request gate when keep-alive routing is on. */
    private void installEmbedded(Channel ch, ByteBuf consumed) {
        GateFactory g = gates;
        if (g == null) {
            StaticBackend.install(ch.pipeline(), embedded, consumed);
            return;
        }
        StaticBackend.install(ch.pipeline(), embedded);
        RequestGate gate = g.create(consumed);
        ch.pipeline().addAfter("dts-http", "dts-responses", new ResponseTracker(gate));
        ch.pipeline().addFirst("dts-gate", gate);
    }

    /** Serves an accepted channel whose first bytes were read already ({@code consumed}, released here). */
    public void serveChannel(Channel ch, ByteBuf consumed) {
        stats.servedLocal.increment();
        if (embedded != null) {
            ch.pipeline().forEach(h -> ch.pipeline().remove(h.getKey()));
            track(ch);
            installEmbedded(ch, consumed); // the backend paces its own reads
            return;
        }
        int fd;
        try {
            fd = LibC.dup(((EpollSocketChannel) ch).fd().intValue());
        } catch (SysException e) {
            LOG.warning("cannot take socket from Netty: " + e.getMessage());
            consumed.release();
            ch.close();
            return;
        }
        EventLoop loop = ch.eventLoop();
        ch.pipeline().forEach(h -> ch.pipeline().remove(h.getKey()));
        ch.close(); // Netty's descriptor only; the relay owns fd
        relay(loop, fd, consumed);
    }

    /** Serves a socket descriptor (moved in, or resumed after a failed hand-off); {@code consumed} may be null. */
    public void serveFd(EventLoop loop, int fd, ByteBuf consumed) {
        stats.servedLocal.increment();
        if (embedded == null) {
            relay(loop, fd, consumed);
            return;
        }
        EpollSocketChannel ch = new EpollSocketChannel(fd);
        // Handlers (and the consumed bytes, decoded before anything read from the socket) go in
        // before registration, so the first read never reaches an empty pipeline.
        track(ch);
        installEmbedded(ch, consumed == null ? Unpooled.EMPTY_BUFFER : consumed);
        loop.register(ch).addListener(f -> {
            if (!f.isSuccess()) {
                LOG.warning("cannot adopt socket: " + f.cause());
                ch.close();
            }
        });
    }

    private void relay(EventLoop loop, int fd, ByteBuf consumed) {
        stats.transition(null, ConnectionState.SERVING);
        byte[] first = consumed == null ? new byte[0] : ByteBufUtil.getBytes(consumed);
        if (consumed != null) consumed.release();
        Placements p = placements;
        http.serve(loop, fd, first, p == null ? RequestPlacement.LOCAL : p.forClient(loop, fd))
                .addListener(f -> stats.transition(ConnectionState.SERVING, null));
    }

    private void track(Channel ch) {
        stats.transition(null, ConnectionState.SERVING);
        ch.closeFuture().addListener(f -> stats.transition(ConnectionState.SERVING, null));
    }
}
