package dts.harness.client;

import dts.harness.workload.SessionWalker;
import dts.harness.workload.Step;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;

import java.net.InetSocketAddress;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One simulated user: think, request, measure, repeat, over one keep-alive connection that is
 * reopened when closed (and closed before a think time of at least the keep-alive timeout, if set). Every method runs on the session's own event loop (so its sockets are made
 * by that thread, inside the client's namespace). Like a browser, a request that dies without a
 * response byte on a reused connection (the server closed it while idle) is retried once on a new one.
 */
final class Session {
    private final EventLoop loop;
    private final Bootstrap bootstrap;
    private final InetSocketAddress target;
    private final String hostHeader;
    private final SessionWalker walker;
    private final ClientStats stats;
    private final RunControl control;
    private final long keepAliveIdleMillis;

    private Channel channel;
    private boolean channelReused;
    private ScheduledFuture<?> thinkTimer;
    private boolean finished;
    private Step step;
    private long sendNanos;
    private boolean inFlight;
    private boolean retried;
    private boolean headSeen;
    private int status;
    private long contentLength;
    private boolean keepAlive;
    private long received;
    private String servedBy;      // X-DTS-Node of the response in flight
    private String lastServedBy;  // the channel's last response that said (null: none did)

    Session(EventLoop loop, Bootstrap base, ClientConfig cfg, SessionWalker walker, ClientStats stats, RunControl control) {
        this.loop = loop;
        this.target = cfg.target();
        this.hostHeader = cfg.hostHeader();
        this.walker = walker;
        this.stats = stats;
        this.control = control;
        this.keepAliveIdleMillis = cfg.keepAliveIdleMillis();
        this.bootstrap = base.clone(loop).handler(new SessionInitializer(this, cfg.idleTimeoutMillis()));
    }

    EventLoop loop() { return loop; }

    void start() {
        stats.startedSessions.incrementAndGet();
        scheduleNext();
    }

    /** Run is stopping: a thinking session ends now; one with a request out ends when it completes. */
    void stopIfIdle() {
        if (!inFlight) finish();
    }

    /** Drain timed out: end now, counting an outstanding request as unfinished. */
    void abort() {
        if (finished) return;
        if (inFlight) stats.unfinished();
        inFlight = false;
        finish();
    }

    private void scheduleNext() {
        if (finished) return;
        if (control.stopping()) {
            finish();
            return;
        }
        step = walker.next();
        // a think time past the keep-alive timeout: the idle connection would be closed meanwhile
        if (keepAliveIdleMillis > 0 && step.thinkMillis() >= keepAliveIdleMillis) closeChannel();
        thinkTimer = loop.schedule(this::issue, step.thinkMillis(), TimeUnit.MILLISECONDS);
    }

    private void issue() {
        thinkTimer = null;
        if (finished) return;
        if (!control.tryIssue()) {
            finish();
            return;
        }
        sendNanos = System.nanoTime();
        retried = false;
        attempt();
    }

    private void attempt() {
        inFlight = true;
        headSeen = false;
        status = 0;
        contentLength = -1;
        keepAlive = true;
        received = 0;
        servedBy = null;
        if (channel != null && channel.isActive()) {
            write();
            return;
        }
        channel = null;
        ChannelFuture f = bootstrap.connect(target);
        f.addListener((ChannelFuture cf) -> {
            if (!inFlight || finished) {
                cf.channel().close();
            } else if (cf.isSuccess()) {
                channel = cf.channel();
                channelReused = false;
                lastServedBy = null;
                write();
            } else {
                fail(ErrorKind.CONNECT);
            }
        });
    }

    private void write() {
        FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, step.path(), Unpooled.EMPTY_BUFFER);
        req.headers().set(HttpHeaderNames.HOST, hostHeader).set(HttpHeaderNames.USER_AGENT, "dts-specweb-harness")
                .set(HttpHeaderNames.ACCEPT, "*/*");
        Channel ch = channel;
        ch.writeAndFlush(req).addListener(w -> { if (!w.isSuccess()) ch.close(); });
    }

    void onHead(Channel ch, int statusCode, long length, boolean keepAliveHeader, String node) {
        if (ch != channel || !inFlight) return;
        headSeen = true;
        servedBy = node;
        status = statusCode;
        contentLength = length;
        keepAlive = keepAliveHeader;
    }

    void onBody(Channel ch, int bytes, boolean last) {
        if (ch != channel || !inFlight) return;
        long now = System.nanoTime();
        received += bytes;
        stats.body(now, bytes);
        if (last) complete(now);
    }

    void onProtocolError(Channel ch) {
        if (ch == channel && inFlight) fail(ErrorKind.PROTOCOL);
    }

    void onIdle(Channel ch) {
        if (ch == channel && inFlight) fail(ErrorKind.TIMEOUT);
    }

    void onInactive(Channel ch) {
        if (ch != channel) return;
        channel = null;
        if (!inFlight) return;
        if (!headSeen && channelReused && !retried) {
            retried = true;
            stats.retry();
            attempt();
            return;
        }
        fail(headSeen ? ErrorKind.SHORT_BODY : ErrorKind.RESET);
    }

    private void complete(long now) {
        inFlight = false;
        boolean firstOnChannel = !channelReused;
        channelReused = true;
        if (status != 200) {
            fail(ErrorKind.STATUS);
            return;
        }
        if (received != step.bytes() || (contentLength >= 0 && contentLength != step.bytes())) {
            fail(ErrorKind.LENGTH);
            return;
        }
        if (step.isDownload()) stats.download(received, now - sendNanos);
        else stats.page(now - sendNanos, PageHop.of(firstOnChannel, lastServedBy, servedBy));
        if (servedBy != null) lastServedBy = servedBy;
        if (!keepAlive) closeChannel();
        scheduleNext();
    }

    private void fail(ErrorKind kind) {
        inFlight = false;
        stats.error(kind);
        closeChannel();
        scheduleNext();
    }

    private void closeChannel() {
        Channel ch = channel;
        channel = null;
        if (ch != null) ch.close();
    }

    private void finish() {
        if (finished) return;
        finished = true;
        if (thinkTimer != null) thinkTimer.cancel(false);
        closeChannel();
        control.sessionFinished();
    }
}
