package dts.splicer.backend;

import dts.splicer.sys.LibC;
import dts.splicer.sys.SysException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.IoEventLoop;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * Zero-copy relay between a client socket and a local backend, run entirely on one epoll event
 * loop: a non-blocking connect (EPOLLOUT, then SO_ERROR), the prefix, then two {@link SplicePump}s.
 * Both fds are registered edge-triggered (see {@link RelayFd}). Done when both directions forwarded
 * their EOF; on an error both fds are closed. A backend that cannot be reached gets the client a 502
 * and a lingering close. Every ending is one {@link RelayOutcome}.
 */
final class SpliceRelay implements RelayFd.Owner {
    private enum State { CONNECTING, RELAYING, LINGERING, DONE }

    private final IoEventLoop loop;
    private final RelayStats stats;
    private final BackendRelay.Options options;
    private final Promise<RelayOutcome> done;
    private final Arena arena = Arena.ofConfined();
    private final MemorySegment st = LibC.newCallState(arena);
    private final RelayFd client;
    private RelayFd server;
    private final int[][] pipes = new int[2][];
    private SplicePump up;
    private SplicePump down;
    private MemorySegment prefix;
    private State state = State.CONNECTING;
    private ScheduledFuture<?> timer;
    private long lastActivityNanos;
    private long discardedBytes;
    private MemorySegment scratch;
    private RelayOutcome lingerOutcome;
    private boolean rerunQueued;
    private final Runnable rerun = () -> {
        rerunQueued = false;
        run();
    };

    private SpliceRelay(IoEventLoop loop, int clientFd, RelayStats stats, BackendRelay.Options options, Promise<RelayOutcome> done) {
        this.loop = loop;
        this.stats = stats;
        this.options = options;
        this.done = done;
        this.client = new RelayFd(clientFd, this);
    }

    /** On the loop: takes ownership of clientFd and prefix. */
    static void start(IoEventLoop loop, int clientFd, ByteBuf prefix, InetSocketAddress backend, RelayStats stats,
                      BackendRelay.Options options, Promise<RelayOutcome> done) {
        SpliceRelay relay = new SpliceRelay(loop, clientFd, stats, options, done);
        try {
            relay.copyPrefix(prefix);
        } finally {
            prefix.release();
        }
        relay.connect(backend);
    }

    private void copyPrefix(ByteBuf buf) {
        int n = buf.readableBytes();
        if (n == 0) return;
        prefix = arena.allocate(n);
        byte[] bytes = new byte[n];
        buf.getBytes(buf.readerIndex(), bytes);
        MemorySegment.copy(bytes, 0, prefix, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, n);
    }

    private void connect(InetSocketAddress backend) {
        stats.countConnection();
        try {
            client.register(loop);
            pipes[0] = RawIo.pipe(options.pipeSizeBytes(), st);
            pipes[1] = RawIo.pipe(options.pipeSizeBytes(), st);
            server = new RelayFd(LibC.socket(LibC.AF_INET, LibC.SOCK_STREAM | LibC.SOCK_NONBLOCK | LibC.SOCK_CLOEXEC, 0), this);
            server.register(loop);
            noDelay(client);
            noDelay(server);
        } catch (SysException | java.io.UncheckedIOException e) {
            badGateway(RelayOutcome.IO_ERROR); // local resources (fds, epoll): still a 502 for the client
            return;
        }
        int rc;
        try {
            rc = LibC.connect(server.intValue(), backend.getAddress().getAddress(), backend.getPort());
        } catch (SysException e) {
            badGateway(RelayOutcome.BAD_GATEWAY);
            return;
        }
        if (rc == 0) {
            connected();
        } else {
            timer = loop.schedule(() -> {
                if (state == State.CONNECTING) badGateway(RelayOutcome.BAD_GATEWAY);
            }, options.connectTimeoutMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** As Netty does for its channels: no Nagle delay on the tail of a response or on a small request. */
    private static void noDelay(RelayFd fd) {
        try {
            LibC.setInt(fd.intValue(), LibC.IPPROTO_TCP, RawIo.TCP_NODELAY, 1);
        } catch (SysException ignored) {
            // not fatal: only latency
        }
    }

    private void connected() {
        if (timer != null) timer.cancel(false);
        state = State.RELAYING;
        long upCap = RawIo.pipeCapacity(pipes[0], st);
        long downCap = RawIo.pipeCapacity(pipes[1], st);
        up = new SplicePump(client, server, pipes[0], upCap, prefix, stats::addClientToBackend);
        down = new SplicePump(server, client, pipes[1], downCap, null, stats::addBackendToClient);
        lastActivityNanos = System.nanoTime();
        if (options.idleTimeoutMillis() > 0) scheduleIdleCheck(options.idleTimeoutMillis());
        run();
    }

    @Override public void onEvent(RelayFd fd, int ops) {
        switch (state) {
            case CONNECTING -> {
                if (fd == server && (ops & RelayFd.WRITE_BITS) != 0) checkConnect();
            }
            case RELAYING -> run();
            case LINGERING -> {
                if (fd == client) linger();
            }
            case DONE -> { }
        }
    }

    private void checkConnect() {
        int err;
        try {
            err = LibC.getInt(server.intValue(), LibC.SOL_SOCKET, RawIo.SO_ERROR);
        } catch (SysException e) {
            err = e.errno();
        }
        if (err == 0) {
            connected();
        } else {
            badGateway(RelayOutcome.BAD_GATEWAY);
        }
    }

    private void run() {
        if (state != State.RELAYING) return;
        long a = up.pump(st);
        long b = down.pump(st);
        if (up.movedThisCall() + down.movedThisCall() > 0) lastActivityNanos = System.nanoTime();
        if (a < 0 || b < 0) {
            finish(classify((int) -Math.min(a, b)));
        } else if (up.finished() && down.finished()) {
            finish(RelayOutcome.COMPLETED);
        } else if ((a == SplicePump.YIELD || b == SplicePump.YIELD) && !rerunQueued) {
            rerunQueued = true;
            loop.execute(rerun);
        }
    }

    static RelayOutcome classify(int errno) {
        return switch (errno) {
            case RawIo.ECONNRESET, RawIo.EPIPE, RawIo.ENOTCONN, RawIo.ETIMEDOUT, RawIo.EHOSTUNREACH -> RelayOutcome.RESET;
            default -> RelayOutcome.IO_ERROR;
        };
    }

    private void scheduleIdleCheck(long delayMillis) {
        timer = loop.schedule(() -> {
            if (state != State.RELAYING) return;
            long idleMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastActivityNanos);
            if (idleMillis >= options.idleTimeoutMillis()) {
                finish(RelayOutcome.IDLE_TIMEOUT);
            } else {
                scheduleIdleCheck(options.idleTimeoutMillis() - idleMillis);
            }
        }, delayMillis, TimeUnit.MILLISECONDS);
    }

    /** 502 to the client, half-close, then discard its input until EOF or the linger timeout. */
    private void badGateway(RelayOutcome outcome) {
        if (timer != null) timer.cancel(false);
        if (server != null) server.release();
        MemorySegment msg = arena.allocate(BadGateway.RESPONSE.length);
        MemorySegment.copy(BadGateway.RESPONSE, 0, msg, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, BadGateway.RESPONSE.length);
        long n = RawIo.send(client.intValue(), msg, msg.byteSize(), LibC.MSG_NOSIGNAL | LibC.MSG_DONTWAIT, st);
        if (n > 0) stats.addBackendToClient(n);
        RawIo.shutdown(client.intValue(), RawIo.SHUT_WR, st);
        if (client.registration == null) {
            finish(outcome);
            return;
        }
        state = State.LINGERING;
        lingerOutcome = outcome;
        timer = loop.schedule(() -> finish(outcome), BadGateway.LINGER_MILLIS, TimeUnit.MILLISECONDS);
        linger();
    }

    private void linger() {
        if (scratch == null) scratch = arena.allocate(16384);
        while (client.readable) {
            long n = RawIo.recv(client.intValue(), scratch, scratch.byteSize(), LibC.MSG_DONTWAIT, st);
            if (n == -RawIo.EAGAIN) {
                client.readable = false;
                return;
            }
            discardedBytes += Math.max(n, 0);
            if (n <= 0 || discardedBytes > BadGateway.MAX_DISCARD_BYTES) {
                finish(lingerOutcome);
                return;
            }
        }
    }

    @Override public void onLoopClosing() { finish(RelayOutcome.SHUTDOWN); }

    private void finish(RelayOutcome outcome) {
        if (state == State.DONE) return;
        state = State.DONE;
        if (timer != null) timer.cancel(false);
        client.release();
        if (server != null) server.release();
        for (int[] p : pipes) {
            if (p == null) continue;
            RawIo.close(p[0], st);
            RawIo.close(p[1], st);
        }
        arena.close();
        stats.count(outcome);
        done.trySuccess(outcome);
    }
}
