package dts.node.admin;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

import java.nio.charset.StandardCharsets;

/** Whole answers of the admin endpoint: one response per connection, then close. */
final class Replies {
    private Replies() {}

    static void text(ChannelHandlerContext ctx, HttpResponseStatus s, String body, String type) {
        send(ctx, response(s, body.getBytes(StandardCharsets.UTF_8), type, false));
    }

    static void bytes(ChannelHandlerContext ctx, HttpResponseStatus s, byte[] body, String type) {
        send(ctx, response(s, body, type, false));
    }

    /** {@code headOnly}: the headers of the answer to GET without its body (a HEAD request). */
    static FullHttpResponse response(HttpResponseStatus s, byte[] body, String type, boolean headOnly) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, s,
                headOnly ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        r.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        r.headers().set("X-Content-Type-Options", "nosniff");
        r.headers().set(HttpHeaderNames.CONNECTION, "close");
        return r;
    }

    static void send(ChannelHandlerContext ctx, FullHttpResponse r) {
        ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
    }
}
