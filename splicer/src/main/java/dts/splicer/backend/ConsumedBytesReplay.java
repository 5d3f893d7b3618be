package dts.splicer.backend;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * One-shot: fires request bytes that were consumed from the socket before the channel existed (by an
 * inspector, before a hand-off) ahead of anything read from the socket, then leaves the pipeline.
 * It fires at channelActive, which comes before the event loop's first read of the socket, or, for
 * a channel already active when installed, from {@link #replayIfPending()} once the whole pipeline is
 * in place (never from handlerAdded: handlers after this one would not have been added yet).
 */
final class ConsumedBytesReplay extends ChannelInboundHandlerAdapter {
    private ByteBuf consumed;
    private ChannelHandlerContext ctx;

    ConsumedBytesReplay(ByteBuf consumed) { this.consumed = consumed; }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) { this.ctx = ctx; }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.fireChannelActive();
        replayIfPending();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (consumed != null) {
            consumed.release();
            consumed = null;
        }
    }

    /** On the event loop, after the pipeline is complete. */
    void replayIfPending() {
        ByteBuf buf = consumed;
        if (buf == null || ctx == null) return;
        consumed = null;
        ctx.pipeline().remove(this);
        ctx.fireChannelRead(buf);
        ctx.fireChannelReadComplete();
    }
}
