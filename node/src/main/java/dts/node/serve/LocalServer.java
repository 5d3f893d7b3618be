package dts.node.serve;

import dts.inspector.http.HeadParser;
import dts.node.NodeStats;
import dts.node.conn.ClientConnection;
import dts.node.conn.Server;
import dts.splicer.backend.BackendAddress;
import dts.splicer.backend.BackendRelay;
import dts.splicer.backend.HttpBackend;
import dts.splicer.backend.RelayOutcome;
import dts.splicer.backend.RelayStats;
import dts.splicer.backend.RequestPlacement;
import dts.splicer.backend.StaticBackend;
import dts.splicer.sys.SysException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.epoll.EpollSocketChannel;

import java.util.function.BooleanSupplier;
import java.util.logging.Logger;

/**
 * Serves a connection on this node: with the embedded static backend in the channel's pipeline, or
 * spliced zero-copy to the node's local web server by the HTTP relay. Used for connections this node
 * inspected and kept, for connections moved in by a hand-off, and for hand-off fallbacks; reports the
 * connection's later states (serving, idle, tunnel, closed) to its {@link ClientConnection}.
 */
public final class LocalServer implements Server {
    private static final Logger LOG = Logger.getLogger(LocalServer.class.getName());
    private final StaticBackend.Config embedded; // null when a local web server is configured
    private final HttpBackend http;              // the HTTP relay to the local web server, or null
    private final RelayStats relayStats;
    private final NodeStats stats;
    private final BooleanSupplier backendUp;
    private volatile HeadParser keepAliveParser;  // non-null: later requests are routed too

    /** @param backendUp whether the web server passes its health checks (serving while it does not is counted) */
    public LocalServer(StaticBackend.Config embedded, BackendAddress backend, int maxHeadBytes, RelayStats relayStats, NodeStats stats,
                       BooleanSupplier backendUp) {
        if ((embedded == null) == (backend == null)) throw new IllegalArgumentException("exactly one of embedded/backend");
        this.backendUp = backendUp;
        this.embedded = embedded;
        this.relayStats = relayStats;
        this.stats = stats;
        this.http = backend == null ? null : HttpBackend.create(backend, maxHeadBytes, relayStats, BackendRelay.Options.defaults());
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
    public void routeKeepAlive(HeadParser parser) {
        keepAliveParser = parser;
    }

    @Override
    public void serve(ClientConnection c, ByteBuf consumed) {
        stats.servedLocal.increment();
        if (!backendUp.getAsBoolean()) stats.servedWhileBackendDown.increment(); // served anyway: a 502 if it must
        if (embedded != null) {
            if (c.takeResume() != null) LOG.warning("a response to continue reached the embedded backend: dropped"); // never made by it
            serveEmbedded(c, consumed == null ? Unpooled.EMPTY_BUFFER : consumed);
            return;
        }
        int fd;
        try {
            fd = c.takeFd();
        } catch (SysException e) {
            LOG.warning("cannot take socket from Netty: " + e.getMessage());
            if (consumed != null) consumed.release();
            Channel ch = c.channel();
            c.closed();
            if (ch != null) ch.close();
            return;
        }
        byte[] first = consumed == null ? new byte[0] : ByteBufUtil.getBytes(consumed);
        if (consumed != null) consumed.release();
        RequestPlacement placement = keepAliveParser == null ? RequestPlacement.LOCAL : new RelayPlacement(c);
        http.serve(c.loop(), fd, first, placement, c.takeResume()).addListener(f -> {
            if (f.getNow() != RelayOutcome.MOVED) c.closed();
        });
    }

    /** The embedded backend's handlers on the connection's channel (a descriptor is wrapped in one). */
    private void serveEmbedded(ClientConnection c, ByteBuf consumed) {
        Channel existing = c.channel();
        Channel ch;
        if (existing != null) {
            ch = existing;
            ch.pipeline().forEach(h -> ch.pipeline().remove(h.getKey()));
        } else {
            ch = new EpollSocketChannel(c.fd());
            c.attach(ch);
        }
        ch.closeFuture().addListener(f -> {
            if (c.channel() == ch) c.closed(); // not when a hand-off took the socket out of it
        });
        // handlers (and the consumed bytes, decoded before anything read from the socket) go in
        // before registration, so the first read never reaches an empty pipeline
        HeadParser parser = keepAliveParser;
        if (parser == null) { // (tests only) later requests are not routed
            StaticBackend.install(ch.pipeline(), embedded, consumed,
                    p -> p.addAfter("dts-http", "dts-status-classes", new ResponseStatusCounter(c)));
        } else {
            RequestGate gate = new RequestGate(parser, c, consumed);
            // again each time the backend puts back the serving handlers of a connection it parked while idle
            // starts parked: the gate's bytes (consumed, or the first read) put the serving handlers in,
            // and a connection moved here while idle holds no more than a parked one
            StaticBackend.install(ch.pipeline(), embedded, Unpooled.EMPTY_BUFFER, p -> {
                p.addAfter("dts-http", "dts-status-classes", new ResponseStatusCounter(c));
                p.addAfter("dts-http", "dts-responses", new ResponseTracker(gate));
            }, true);
            ch.pipeline().addFirst("dts-gate", gate); // on an active channel it forwards the consumed bytes at once
        }
        if (existing == null) {
            c.loop().register(ch).addListener(f -> {
                if (!f.isSuccess()) {
                    LOG.warning("cannot adopt socket: " + f.cause());
                    ch.close();
                }
            });
        }
    }
}
