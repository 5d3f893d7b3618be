package dts.splicer.backend;

import dts.inspector.http.HeadParser;
import dts.inspector.http.ResponseParser;
import dts.splicer.sys.SysException;
import io.netty.channel.EventLoop;
import io.netty.channel.IoEventLoop;
import io.netty.channel.epoll.Epoll;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;

/**
 * A node's local web server (nginx, an app server) behind an HTTP-aware relay: each client connection
 * is served request by request over pooled keep-alive connections to the server, bodies spliced by
 * their framing, and a later request that belongs elsewhere moves the connection
 * ({@link RequestPlacement}). One instance per node and backend address; thread-safe.
 */
public final class HttpBackend {
    /** Idle backend connections kept per event loop. */
    public static final int MAX_IDLE_PER_LOOP = 64;

    private final InetSocketAddress address;
    private final HeadParser requests;
    private final ResponseParser responses;
    private final RelayStats stats;
    private final BackendRelay.Options options;
    private final BackendPool pool = new BackendPool(MAX_IDLE_PER_LOOP);

    private HttpBackend(InetSocketAddress address, int maxHeadBytes, RelayStats stats, BackendRelay.Options options) {
        this.address = address;
        this.requests = HeadParser.create(maxHeadBytes);
        this.responses = ResponseParser.create(Math.max(maxHeadBytes, 16 << 10));
        this.stats = stats;
        this.options = options;
    }

    /**
     * @param address      the server, a resolved IPv4 address
     * @param maxHeadBytes largest request head accepted on later requests (as the inspector's)
     */
    public static HttpBackend create(InetSocketAddress address, int maxHeadBytes, RelayStats stats, BackendRelay.Options options) {
        if (!(address.getAddress() instanceof Inet4Address)) throw new SysException("backend must be a resolved IPv4 address: " + address);
        return new HttpBackend(address, maxHeadBytes, Objects.requireNonNull(stats, "stats"), Objects.requireNonNull(options, "options"));
    }

    public RelayStats stats() { return stats; }

    /**
     * Serves {@code clientFd} (a connected TCP socket in no epoll set; owned from here) on {@code loop};
     * {@code consumed}: the client's bytes read already, the first request first. The future succeeds
     * with the outcome once the connection was closed or moved.
     */
    public Future<RelayOutcome> serve(EventLoop loop, int clientFd, byte[] consumed, RequestPlacement placement) {
        if (!Epoll.isAvailable()) throw new SysException("epoll transport unavailable", Epoll.unavailabilityCause());
        if (!(loop instanceof IoEventLoop io) || !io.isCompatible(RelayFd.class)) {
            throw new SysException("HttpBackend needs an epoll IoEventLoop, got " + loop);
        }
        Promise<RelayOutcome> done = loop.newPromise();
        Runnable task = () -> {
            try {
                dts.splicer.sys.LibC.setNonBlocking(clientFd, true);
            } catch (SysException e) {
                stats.countConnection();
                BackendRelay.abandon(clientFd, stats, RelayOutcome.IO_ERROR, done);
                return;
            }
            HttpRelay.start(io, clientFd, consumed, address, pool, placement, requests, responses, stats, options, done);
        };
        if (loop.inEventLoop()) {
            task.run();
        } else {
            try {
                loop.execute(task);
            } catch (RejectedExecutionException e) {
                stats.countConnection();
                BackendRelay.abandon(clientFd, stats, RelayOutcome.SHUTDOWN, done);
            }
        }
        return done;
    }

    /** Idle pooled connections now (for status and tests). */
    public int idleBackendConnections() { return pool.idleCount(); }
}
