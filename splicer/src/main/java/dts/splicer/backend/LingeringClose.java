package dts.splicer.backend;

import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.TimeUnit;

/**
 * Lingering close, first handler of the pipeline: a close() becomes shutdownOutput (FIN after the
 * queued bytes), then input is read and discarded until the client's EOF or a timeout, and only
 * then the socket is closed. Closing a socket whose receive queue holds unread bytes (pipelined
 * requests, a body) makes the kernel send RST and drop the unsent tail of the response.
 */
public final class LingeringClose extends ChannelDuplexHandler {
    static final long DEFAULT_LINGER_MILLIS = 2000;
    private static final long MAX_DISCARD_BYTES = 1 << 20;

    private final long lingerMillis;
    private boolean lingering;
    private long discardedBytes;
    private ScheduledFuture<?> timer;

    LingeringClose(long lingerMillis) { this.lingerMillis = lingerMillis; }

    /**
     * Puts a lingering close with the default linger time first in {@code pipeline}, so that a later
     * close() of its channel half-closes and discards the client's input before closing (e.g. after
     * an error answer sent while the client may still be sending).
     */
    public static void installFirst(ChannelPipeline pipeline) {
        if (pipeline.get(LingeringClose.class) == null) pipeline.addFirst("dts-linger", new LingeringClose(DEFAULT_LINGER_MILLIS));
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        Channel ch = ctx.channel();
        if (lingering || !(ch instanceof DuplexChannel duplex) || !ch.isActive() || duplex.isInputShutdown()) {
            closeNow(ctx, promise);
            return;
        }
        lingering = true;
        ch.closeFuture().addListener(f -> promise.trySuccess());
        duplex.shutdownOutput().addListener(f -> {
            if (!f.isSuccess()) closeNow(ctx, ctx.newPromise());
        });
        timer = ctx.executor().schedule(() -> closeNow(ctx, ctx.newPromise()), lingerMillis, TimeUnit.MILLISECONDS);
        ch.config().setAutoRead(true);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!lingering) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (msg instanceof io.netty.buffer.ByteBuf buf) discardedBytes += buf.readableBytes();
        ReferenceCountUtil.release(msg);
        if (discardedBytes > MAX_DISCARD_BYTES) closeNow(ctx, ctx.newPromise());
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (!lingering) ctx.fireChannelReadComplete();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (lingering && evt instanceof ChannelInputShutdownEvent) {
            closeNow(ctx, ctx.newPromise());
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (lingering) {
            closeNow(ctx, ctx.newPromise());
            return;
        }
        ctx.fireExceptionCaught(cause);
    }

    private void closeNow(ChannelHandlerContext ctx, ChannelPromise promise) {
        if (timer != null) timer.cancel(false);
        ctx.close(promise);
    }
}
