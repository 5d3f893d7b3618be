package dts.node.serve;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.LastHttpContent;

/** Tells the {@link RequestGate} when each response's last part has been written to the socket. */
final class ResponseTracker extends ChannelOutboundHandlerAdapter {
    private final RequestGate gate;

    ResponseTracker(RequestGate gate) { this.gate = gate; }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof LastHttpContent) {
            ChannelPromise p = promise.unvoid();
            p.addListener(f -> gate.responseDone());
            ctx.write(msg, p);
        } else {
            ctx.write(msg, promise);
        }
    }
}
