package dts.splicer.backend;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Parks an idle keep-alive connection of the embedded backend, so that it holds no codec, parser
 * buffers, idle-state handler or per-request state while it waits for the client. When every response
 * was written and nothing is unread ({@link RequestSequencer} says so; checked again once the current
 * event is over), the serving handlers, every handler after this one, leave the pipeline and this
 * handler's own timer stands in for the idle timeout. The next read, user event (the client's FIN) or
 * exception puts them back as {@link StaticBackend} installs them and passes the event on; while
 * parked, a read that reached no one (a request gate before this handler keeping a partial head) asks
 * for the next one, as the sequencer would have.
 *
 * <p>"Nothing unread" includes the codec's own buffer: the last bytes that went by must end a request
 * head (CRLF CRLF); after a request whose body ends otherwise the connection is simply not parked.
 */
final class IdleParking extends ChannelInboundHandlerAdapter {
    private static final int END_OF_HEAD = 0x0d0a0d0a;

    private final StaticBackend.Config config;
    private final Consumer<ChannelPipeline> extras;
    private ChannelHandlerContext ctx;
    private RequestSequencer sequencer; // of the serving handlers in place; null while parked
    private int tail;                   // the last four bytes that went by
    private boolean parked;
    private boolean parkAsked;
    private boolean timedOut;           // closing: stays parked (the lingering close reads and drops the rest)
    private ScheduledFuture<?> timer;
    private final boolean startParked;

    /** {@code startParked}: the connection waits for its first bytes parked (no serving handler yet). */
    IdleParking(StaticBackend.Config config, Consumer<ChannelPipeline> extras, boolean startParked) {
        this.config = config;
        this.extras = extras;
        this.startParked = startParked;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        if (startParked) { // at a request boundary by construction: nothing of a request has gone by
            tail = END_OF_HEAD;
            parked();
        }
    }

    /** The serving handlers are in place (again) with {@code s}. */
    void serving(RequestSequencer s) { sequencer = s; }

    /** From the sequencer when it has answered everything: park once the current event is over, if still idle. */
    void idle() {
        if (parked || parkAsked) return;
        parkAsked = true;
        ctx.executor().execute(this::parkIfIdle);
    }

    private void parkIfIdle() {
        parkAsked = false;
        if (parked || ctx.isRemoved() || !ctx.channel().isActive() || tail != END_OF_HEAD
                || sequencer == null || !sequencer.idle()) return;
        ChannelPipeline p = ctx.pipeline();
        List<String> names = p.names();
        for (int i = names.indexOf(ctx.name()) + 1; i < names.size(); i++) {
            if (p.context(names.get(i)) != null) p.remove(names.get(i));
        }
        sequencer = null;
        parked();
    }

    /** No serving handler is in place: this handler's timer keeps the idle timeout. */
    private void parked() {
        parked = true;
        if (config.idleTimeoutMillis() > 0) {
            timer = ctx.executor().schedule(this::onTimeout, config.idleTimeoutMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void unpark() {
        if (timedOut) return;
        parked = false;
        cancelTimer();
        StaticBackend.addServing(ctx.pipeline(), config, this, extras);
    }

    private void onTimeout() {
        timer = null;
        if (!parked) return;
        timedOut = true;
        config.stats().countIdleTimeout();
        ctx.close();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf) keepTail(buf);
        if (parked) unpark();
        ctx.fireChannelRead(msg);
    }

    private void keepTail(ByteBuf buf) {
        int n = buf.readableBytes();
        if (n >= 4) {
            tail = buf.getInt(buf.writerIndex() - 4);
        } else {
            for (int i = 0; i < n; i++) tail = tail << 8 | buf.getUnsignedByte(buf.readerIndex() + i);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (parked && !timedOut) ctx.read();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (parked) unpark();
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (parked) unpark();
        ctx.fireExceptionCaught(cause);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancelTimer();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) { cancelTimer(); }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
