package dts.node.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One {@code GET /status} to a peer's admin port, on the caller's event loop (the control loop: never
 * blocks it). The future always succeeds: with the peer's status, or with {@code {"error": "..."}}
 * when the peer refuses, does not answer within the deadline, or answers anything but a JSON object.
 */
final class PeerStatusClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A status is a few KiB; anything far larger is not one. */
    private static final int MAX_STATUS_BYTES = 1 << 20;

    private PeerStatusClient() {}

    static Future<Map<String, Object>> fetch(EventLoop loop, InetSocketAddress peer, long deadlineMillis) {
        Promise<Map<String, Object>> result = loop.newPromise();
        ChannelFuture connect = new Bootstrap().group(loop).channel(EpollSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) deadlineMillis)
                .handler(new ChannelInitializer<Channel>() {
                    @Override protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(MAX_STATUS_BYTES), new Answer(result));
                    }
                })
                .connect(peer);
        var deadline = loop.schedule(() -> result.trySuccess(error("no answer within " + deadlineMillis + " ms")),
                deadlineMillis, TimeUnit.MILLISECONDS);
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                result.trySuccess(error("connect: " + reason(f.cause())));
                return;
            }
            FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/status");
            req.headers().set(HttpHeaderNames.HOST, peer.getHostString() + ":" + peer.getPort());
            req.headers().set(HttpHeaderNames.ACCEPT, "application/json");
            req.headers().set(HttpHeaderNames.CONNECTION, "close");
            connect.channel().writeAndFlush(req);
        });
        result.addListener(f -> {
            deadline.cancel(false);
            connect.channel().close();
        });
        return result;
    }

    static Map<String, Object> error(String text) { return Map.of("error", text); }

    private static String reason(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null) root = root.getCause();
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    private static final class Answer extends SimpleChannelInboundHandler<FullHttpResponse> {
        private final Promise<Map<String, Object>> result;

        Answer(Promise<Map<String, Object>> result) { this.result = result; }

        @Override protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse r) {
            if (!r.status().equals(HttpResponseStatus.OK)) {
                result.trySuccess(error("GET /status answered " + r.status()));
                return;
            }
            try {
                byte[] body = new byte[r.content().readableBytes()];
                r.content().readBytes(body);
                @SuppressWarnings("unchecked") Map<String, Object> status = JSON.readValue(body, Map.class);
                result.trySuccess(status == null ? error("GET /status answered null") : status);
            } catch (java.io.IOException e) { // not JSON, or JSON but not an object
                result.trySuccess(error("GET /status answered no JSON object: " + e.getMessage().lines().findFirst().orElse("")));
            }
        }

        @Override public void channelInactive(ChannelHandlerContext ctx) {
            result.trySuccess(error("closed without an answer"));
        }

        @Override public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            result.trySuccess(error(reason(cause)));
            ctx.close();
        }
    }
}
