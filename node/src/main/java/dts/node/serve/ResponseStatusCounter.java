package dts.node.serve;

import dts.node.conn.ClientConnection;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpResponse;

/** Tells the {@link ClientConnection} the status of each response the embedded backend writes (for counting). */
final class ResponseStatusCounter extends ChannelOutboundHandlerAdapter {
    private final ClientConnection conn;

    ResponseStatusCounter(ClientConnection conn) { this.conn = conn; }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpResponse r) conn.responded(r.status().code());
        ctx.write(msg, promise);
    }
}
