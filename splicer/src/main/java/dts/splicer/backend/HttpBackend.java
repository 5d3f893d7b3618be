package dts.splicer.backend;

import dts.inspector.http.HeadParser;
import dts.inspector.http.ResponseParser;
import io.netty.channel.EventLoop;
import io.netty.channel.IoEventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * A node's local web server (nginx, an app server) behind an HTTP-aware relay: each client connection
 * is served request by request over pooled keep-alive connections to the server, bodies spliced by
 * their framing, and a later request that belongs elsewhere moves the connection
 * ({@link RequestPlacement}). One instance per node and backend address; thread-safe.
 */
public final class HttpBackend {
    /** Idle backend connections kept per event loop. */
    public static final int MAX_IDLE_PER_LOOP = 64;

    private final BackendAddress address;
    private final HeadParser requests;
    private final ResponseParser responses;
    private final RelayStats stats;
    private final BackendRelay.Options options;
    private final BackendPool pool = new BackendPool(MAX_IDLE_PER_LOOP);

    private HttpBackend(BackendAddress address, int maxHeadBytes, RelayStats stats, BackendRelay.Options options) {
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
        return create(BackendAddress.tcp(address), maxHeadBytes, stats, options);
    }

    /** {@link #create(InetSocketAddress, int, RelayStats, BackendRelay.Options)} for a server at {@code address}, TCP or Unix. */
    public static HttpBackend create(BackendAddress address, int maxHeadBytes, RelayStats stats, BackendRelay.Options options) {
        return new HttpBackend(Objects.requireNonNull(address, "address"), maxHeadBytes, Objects.requireNonNull(stats, "stats"),
                Objects.requireNonNull(options, "options"));
    }

    public RelayStats stats() { return stats; }

    /**
     * Serves {@code clientFd} (a connected TCP socket in no epoll set; owned from here) on {@code loop};
     * {@code consumed}: the client's bytes read already, the first request first. The future succeeds
     * with the outcome once the connection was closed or moved.
     */
    public Future<RelayOutcome> serve(EventLoop loop, int clientFd, byte[] consumed, RequestPlacement placement) {
        return serve(loop, clientFd, consumed, placement, null);
    }

    /** {@link #serve} that first continues {@code resume} (a response cut mid-body elsewhere; null: none). */
    public Future<RelayOutcome> serve(EventLoop loop, int clientFd, byte[] consumed, RequestPlacement placement, Resume resume) {
        IoEventLoop io = BackendRelay.epollLoop(loop, "HttpBackend");
        Promise<RelayOutcome> done = loop.newPromise();
        BackendRelay.onLoop(io, clientFd, stats, done, () -> { },
                () -> HttpRelay.start(io, clientFd, consumed, address, pool, placement, requests, responses, stats, options, done, resume));
        return done;
    }

    /** Idle pooled connections now (for status and tests). */
    public int idleBackendConnections() { return pool.idleCount(); }
}
