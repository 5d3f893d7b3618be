package dts.node.serve;

import dts.node.ConnectionState;
import dts.node.NodeStats;
import dts.splicer.backend.BackendRelay;
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
    private final InetSocketAddress backend;     // null for the embedded backend
    private final RelayStats relayStats;
    private final NodeStats stats;

    public LocalServer(StaticBackend.Config embedded, InetSocketAddress backend, RelayStats relayStats, NodeStats stats) {
        if ((embedded == null) == (backend == null)) throw new IllegalArgumentException("exactly one of embedded/backend");
        this.embedded = embedded;
        this.backend = backend;
        this.relayStats = relayStats;
        this.stats = stats;
    }

    public RelayStats relayStats() { return relayStats; }

    /** Serves an accepted channel whose first bytes were read already ({@code consumed}, released here). */
    public void serveChannel(Channel ch, ByteBuf consumed) {
        stats.servedLocal.increment();
        if (embedded != null) {
            ch.pipeline().forEach(h -> ch.pipeline().remove(h.getKey()));
            track(ch);
            StaticBackend.install(ch.pipeline(), embedded);
            ch.pipeline().fireChannelRead(consumed);
            ch.config().setAutoRead(true);
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
        // Handlers go in before registration and reading starts only after the consumed bytes were
        // fired: otherwise the first read could reach an empty pipeline, or overtake those bytes.
        ch.config().setAutoRead(false);
        track(ch);
        StaticBackend.install(ch.pipeline(), embedded);
        loop.register(ch).addListener(f -> {
            if (!f.isSuccess()) {
                LOG.warning("cannot adopt socket: " + f.cause());
                if (consumed != null) consumed.release();
                ch.close();
                return;
            }
            if (consumed != null) ch.pipeline().fireChannelRead(consumed);
            ch.config().setAutoRead(true);
        });
    }

    private void relay(EventLoop loop, int fd, ByteBuf consumed) {
        stats.transition(null, ConnectionState.SERVING);
        ByteBuf prefix = consumed != null ? consumed : Unpooled.EMPTY_BUFFER;
        BackendRelay.start(loop, fd, prefix, backend, relayStats)
                .addListener(f -> stats.transition(ConnectionState.SERVING, null));
    }

    private void track(Channel ch) {
        stats.transition(null, ConnectionState.SERVING);
        ch.closeFuture().addListener(f -> stats.transition(ConnectionState.SERVING, null));
    }
}
