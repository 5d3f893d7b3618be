package dts.splicer.backend;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.unix.Errors;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The fallback relay, Netty's proxy idiom: the client fd adopted as an EpollSocketChannel, the backend
 * channel bootstrapped on the same event loop, auto-read off and each read requested after the
 * previous write completed (back-pressure), half-closure allowed and forwarded with shutdownOutput
 * (see {@link RelayForwarder}). The client side closes lingering (see {@link LingeringClose}).
 */
final class ByteBufRelay {
    private final EventLoop loop;
    private final RelayStats stats;
    private final BackendRelay.Options options;
    private final Promise<RelayOutcome> done;
    private final EpollSocketChannel front;
    private Channel back;
    private boolean upDone;
    private boolean downDone;
    private RelayOutcome outcome;
    private long lastActivityNanos = System.nanoTime();
    private ScheduledFuture<?> idleTimer;

    private ByteBufRelay(EventLoop loop, int clientFd, RelayStats stats, BackendRelay.Options options, Promise<RelayOutcome> done) {
        this.loop = loop;
        this.stats = stats;
        this.options = options;
        this.done = done;
        this.front = new EpollSocketChannel(clientFd);
    }

    /** On the loop: takes ownership of clientFd and prefix. */
    static void start(EventLoop loop, int clientFd, ByteBuf prefix, InetSocketAddress backend, RelayStats stats,
                      BackendRelay.Options options, Promise<RelayOutcome> done) {
        stats.countConnection();
        ByteBufRelay relay;
        try {
            relay = new ByteBufRelay(loop, clientFd, stats, options, done);
        } catch (ChannelException e) { // not a socket: SO_ERROR cannot be read
            prefix.release();
            BackendRelay.abandon(clientFd, stats, RelayOutcome.IO_ERROR, done);
            return;
        }
        relay.open(prefix, backend);
    }

    /**
     * The backend is connected first and only then the client fd is registered: an epoll channel reads
     * at EPOLLRDHUP even with auto-read off, so a half-closed client must not be registered before
     * its bytes have somewhere to go.
     */
    private void open(ByteBuf prefix, InetSocketAddress backend) {
        front.config().setAutoRead(false);
        front.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        EpollInterestPin.pin(front);
        front.pipeline().addLast(new LingeringClose(BadGateway.LINGER_MILLIS), new RelayForwarder(this, true));
        ChannelFuture connect = new Bootstrap().group(loop).channel(EpollSocketChannel.class)
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, options.connectTimeoutMillis()))
                .handler(new RelayForwarder(this, false))
                .connect(backend);
        back = connect.channel();
        connect.addListener((ChannelFuture c) -> {
            boolean connected = c.isSuccess();
            if (connected) {
                EpollInterestPin.pin(back);
            } else {
                outcome = RelayOutcome.BAD_GATEWAY;
            }
            loop.register(front).addListener((ChannelFuture r) -> registered(r, connected, prefix));
        });
    }

    private void writePrefix(ByteBuf prefix) {
        int n = prefix.readableBytes();
        back.writeAndFlush(prefix).addListener(w -> {
            if (!w.isSuccess()) {
                failed(w.cause());
                return;
            }
            stats.addClientToBackend(n);
            front.read();
            back.read();
        });
    }

    private void registered(ChannelFuture r, boolean connected, ByteBuf prefix) {
        if (!connected || !r.isSuccess()) prefix.release();
        if (!r.isSuccess()) {
            front.unsafe().closeForcibly();
            if (outcome == null) outcome = RelayOutcome.IO_ERROR;
            closed();
            return;
        }
        front.closeFuture().addListener(f -> closed());
        if (connected) {
            if (options.idleTimeoutMillis() > 0) scheduleIdleCheck(options.idleTimeoutMillis());
            writePrefix(prefix);
            return;
        }
        front.writeAndFlush(Unpooled.wrappedBuffer(BadGateway.RESPONSE)).addListener(w -> {
            if (w.isSuccess()) stats.addBackendToClient(BadGateway.RESPONSE.length);
            front.close();
        });
    }

    Channel peerOf(Channel ch) { return ch == front ? back : front; }

    void moved(boolean up, long bytes) {
        lastActivityNanos = System.nanoTime();
        if (up) stats.addClientToBackend(bytes); else stats.addBackendToClient(bytes);
    }

    /** One direction forwarded its EOF; when both did, close. */
    void directionDone(boolean up) {
        if (up) upDone = true; else downDone = true;
        if (upDone && downDone) finish(RelayOutcome.COMPLETED);
    }

    void failed(Throwable cause) {
        int errno = cause instanceof Errors.NativeIoException e ? Math.abs(e.expectedErr()) : 0;
        finish(errno == 0 ? RelayOutcome.IO_ERROR : SpliceRelay.classify(errno));
    }

    /** A channel went inactive: unless both directions were done, a peer went away abruptly. */
    void inactive() { finish(RelayOutcome.RESET); }

    private void scheduleIdleCheck(long delayMillis) {
        idleTimer = loop.schedule(() -> {
            long idleMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastActivityNanos);
            if (idleMillis >= options.idleTimeoutMillis()) {
                finish(RelayOutcome.IDLE_TIMEOUT);
            } else {
                scheduleIdleCheck(options.idleTimeoutMillis() - idleMillis);
            }
        }, delayMillis, TimeUnit.MILLISECONDS);
    }

    private void finish(RelayOutcome o) {
        if (outcome == null) outcome = o;
        if (idleTimer != null) idleTimer.cancel(false);
        if (back != null) back.close();
        front.close();
    }

    /** The client channel closed (after lingering): the relay is over. */
    private void closed() {
        if (idleTimer != null) idleTimer.cancel(false);
        if (back != null) back.close();
        RelayOutcome o = outcome == null ? RelayOutcome.RESET : outcome;
        if (done.isDone()) return;
        stats.count(o);
        done.trySuccess(o);
    }
}
