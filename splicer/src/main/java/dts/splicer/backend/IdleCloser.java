package dts.splicer.backend;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;

/** Closes a connection on the IdleStateHandler's event (no reads and no write progress) and counts it. */
final class IdleCloser extends ChannelInboundHandlerAdapter {
    private final BackendStats stats;

    IdleCloser(BackendStats stats) { this.stats = stats; }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            stats.countIdleTimeout();
            ctx.close();
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }
}
