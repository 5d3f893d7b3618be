package dts.splicer.backend;

import dts.splicer.sys.LibC;
import dts.splicer.sys.SysException;
import io.netty.buffer.ByteBuf;
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
 * Joins a client socket to a local web server (nginx, an app server) for the rest of the connection.
 * The relay runs on the given epoll event loop and owns {@code clientFd} (it closes it at the end) and
 * {@code prefix} (request bytes already read from the client, sent to the backend first; released).
 * The returned future succeeds, never fails, with the {@link RelayOutcome} once both directions are
 * done and both sockets are closed; every outcome is also counted in the {@link RelayStats}.
 *
 * <p>{@link Mode#SPLICE} (default): own splice(2) loop through pipes, zero-copy, EOF and half-close
 * handled exactly. {@link Mode#BYTEBUF}: the classic Netty proxy idiom, as a fallback.
 *
 * <p>The fd must be a connected, non-blocking TCP socket that is in no epoll set: a socket taken from
 * a Netty channel must be deregistered from its loop first, and that channel must not close it.
 */
public final class BackendRelay {
    public enum Mode { SPLICE, BYTEBUF }

    /**
     * @param connectTimeoutMillis backend connect deadline; beyond it the client gets 502
     * @param idleTimeoutMillis    close when no byte moved for this long; 0 = never
     * @param pipeSizeBytes        per-direction pipe size asked with F_SETPIPE_SZ (SPLICE)
     */
    public record Options(Mode mode, long connectTimeoutMillis, long idleTimeoutMillis, int pipeSizeBytes) {
        public Options {
            Objects.requireNonNull(mode, "mode");
            if (connectTimeoutMillis <= 0) throw new SysException("connectTimeoutMillis <= 0: " + connectTimeoutMillis);
            if (idleTimeoutMillis < 0) throw new SysException("idleTimeoutMillis < 0: " + idleTimeoutMillis);
            if (pipeSizeBytes < 4096) throw new SysException("pipeSizeBytes < 4096: " + pipeSizeBytes);
        }

        /** SPLICE, 3 s connect, 60 s idle, 1 MiB pipes. */
        public static Options defaults() { return new Options(Mode.SPLICE, 3000, 60_000, 1 << 20); }

        public Options withMode(Mode m) { return new Options(m, connectTimeoutMillis, idleTimeoutMillis, pipeSizeBytes); }

        public Options withIdleTimeoutMillis(long v) { return new Options(mode, connectTimeoutMillis, v, pipeSizeBytes); }

        public Options withPipeSizeBytes(int v) { return new Options(mode, connectTimeoutMillis, idleTimeoutMillis, v); }
    }

    private BackendRelay() {}

    /** {@link #start(EventLoop, int, ByteBuf, InetSocketAddress, RelayStats, Options)} with {@link Options#defaults()}. */
    public static Future<RelayOutcome> start(EventLoop loop, int clientFd, ByteBuf prefix, InetSocketAddress backend, RelayStats stats) {
        return start(loop, clientFd, prefix, backend, stats, Options.defaults());
    }

    /**
     * Starts relaying. Throws {@link SysException} only for caller errors (epoll unavailable, not an
     * epoll loop, an unresolved or non-IPv4 backend address); then nothing was taken over.
     */
    public static Future<RelayOutcome> start(EventLoop loop, int clientFd, ByteBuf prefix, InetSocketAddress backend,
                                             RelayStats stats, Options options) {
        IoEventLoop io = epollLoop(loop, "BackendRelay");
        if (!(backend.getAddress() instanceof Inet4Address)) throw new SysException("backend must be a resolved IPv4 address: " + backend);
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(stats, "stats");
        Promise<RelayOutcome> done = loop.newPromise();
        onLoop(io, clientFd, stats, done, prefix::release, () -> {
            if (options.mode() == Mode.SPLICE) {
                SpliceRelay.start(io, clientFd, prefix, backend, stats, options, done);
            } else {
                ByteBufRelay.start(loop, clientFd, prefix, backend, stats, options, done);
            }
        });
        return done;
    }

    /** {@code loop} as the epoll IoEventLoop a relay needs; a caller error otherwise. */
    static IoEventLoop epollLoop(EventLoop loop, String who) {
        if (!Epoll.isAvailable()) throw new SysException("epoll transport unavailable", Epoll.unavailabilityCause());
        if (!(loop instanceof IoEventLoop io) || !io.isCompatible(RelayFd.class)) {
            throw new SysException(who + " needs an epoll IoEventLoop, got " + loop);
        }
        return io;
    }

    /**
     * Runs {@code relay} on {@code loop} (at once when already there) once {@code clientFd} is
     * non-blocking. When it cannot be (the fd refuses, or the loop is shutting down) the fd is closed,
     * {@code release} frees what the relay would have owned, and {@code done} gets the outcome.
     */
    static void onLoop(IoEventLoop loop, int clientFd, RelayStats stats, Promise<RelayOutcome> done, Runnable release,
                       Runnable relay) {
        Runnable task = () -> {
            if (nonBlocking(clientFd)) {
                relay.run();
            } else {
                release.run();
                stats.countConnection();
                abandon(clientFd, stats, RelayOutcome.IO_ERROR, done);
            }
        };
        if (loop.inEventLoop()) {
            task.run();
            return;
        }
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            release.run();
            stats.countConnection();
            abandon(clientFd, stats, RelayOutcome.SHUTDOWN, done);
        }
    }

    /** The fd is the caller's promise; a blocking one would stall the event loop, so make sure. */
    private static boolean nonBlocking(int fd) {
        try {
            LibC.setNonBlocking(fd, true);
            return true;
        } catch (SysException e) {
            return false;
        }
    }

    static void abandon(int clientFd, RelayStats stats, RelayOutcome outcome, Promise<RelayOutcome> done) {
        try {
            LibC.close(clientFd);
        } catch (SysException ignored) {
            // EBADF: there was nothing to release
        }
        stats.count(outcome);
        done.trySuccess(outcome);
    }
}
