package dts.harness.client;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;

/** Turns decoded HTTP objects and channel events into {@link Session} callbacks; never throws. */
final class SessionHandler extends ChannelInboundHandlerAdapter {
    private static final String SERVED_BY = "X-DTS-Node";
    private final Session session;

    SessionHandler(Session session) {
        this.session = session;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof HttpObject o && o.decoderResult().isFailure()) {
                session.onProtocolError(ctx.channel());
                return;
            }
            if (msg instanceof HttpResponse r) {
                session.onHead(ctx.channel(), r.status().code(), HttpUtil.getContentLength(r, -1L), HttpUtil.isKeepAlive(r),
                        r.headers().get(SERVED_BY));
            }
            if (msg instanceof HttpContent c) {
                session.onBody(ctx.channel(), c.content().readableBytes(), c instanceof LastHttpContent);
            }
        } catch (RuntimeException e) { // e.g. a Content-Length that is not a number
            session.onProtocolError(ctx.channel());
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) session.onIdle(ctx.channel());
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        session.onInactive(ctx.channel());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
