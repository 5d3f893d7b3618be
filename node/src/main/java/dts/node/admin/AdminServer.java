package dts.node.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The node's admin endpoint on its internal address: {@code GET /} (the live cluster dashboard,
 * {@link DashboardHandler}), {@code GET /cluster} (every node's status as this node sees it,
 * {@link ClusterHandler}), {@code GET /status} (JSON counters), {@code GET /metrics} (the same counters
 * for Prometheus, text exposition format), {@code POST /reload} (re-read the config file; 200 or 422
 * with the error). One pipeline: each handler takes its own requests and passes the rest on. Reads are
 * open to anyone who reaches the internal address; every other request must prove the cluster key
 * ({@link AdminAuth}, 401 without it).
 */
public final class AdminServer {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Channel channel;

    /** What {@code POST /reload} does: returns null on success or the error text. */
    public interface Reloader {
        String reload();
    }

    /**
     * What {@code POST /drain}, {@code POST /undrain} and {@code POST /move/NODE/COUNT} do: each returns
     * a line for the operator, or throws IllegalArgumentException (422 with its message).
     */
    public interface Operations {
        String drain();

        String undrain();

        String move(String to, int count);
    }

    private AdminServer(Channel channel) { this.channel = channel; }

    /** {@code group}: the node's control loop group (peer fetches for {@code /cluster} run there too). */
    public static AdminServer bind(EventLoopGroup group, InetSocketAddress address, ClusterNodes nodes,
                                   Supplier<Map<String, Object>> status, Reloader reloader, Operations operations,
                                   NodeMetrics metrics, AdminAuth auth) throws InterruptedException {
        ServerBootstrap b = new ServerBootstrap().group(group).channel(EpollServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(64 * 1024),
                                new DashboardHandler(), new ClusterHandler(nodes, status),
                                new Handler(status, reloader, operations, metrics, auth));
                    }
                });
        return new AdminServer(b.bind(address).sync().channel());
    }

    /** The address it listens on (the actual port when bound to port 0). */
    public InetSocketAddress address() { return (InetSocketAddress) channel.localAddress(); }

    public void close() { channel.close().syncUninterruptibly(); }

    /** The request's path, without the query. */
    static String path(FullHttpRequest req) {
        String uri = req.uri();
        int q = uri.indexOf('?');
        return q < 0 ? uri : uri.substring(0, q);
    }

    private static final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final Supplier<Map<String, Object>> status;
        private final Reloader reloader;
        private final Operations operations;
        private final NodeMetrics metrics;
        private final AdminAuth auth;

        Handler(Supplier<Map<String, Object>> status, Reloader reloader, Operations operations, NodeMetrics metrics, AdminAuth auth) {
            this.auth = auth;
            this.operations = operations;
            this.status = status;
            this.reloader = reloader;
            this.metrics = metrics;
        }

        @Override protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) throws Exception {
            String path = path(req);
            boolean read = req.method().equals(HttpMethod.GET) || req.method().equals(HttpMethod.HEAD);
            if (!read && !auth.verify(req.method().name(), path, req.headers().get(AdminAuth.HEADER), System.currentTimeMillis() / 1000)) {
                Replies.text(ctx, HttpResponseStatus.UNAUTHORIZED, AdminAuth.HEADER + " missing, stale or wrong (expected: proof of the cluster key, as dts reload sends)\n", "text/plain");
            } else if (path.equals("/status") && req.method().equals(HttpMethod.GET)) {
                Replies.text(ctx, HttpResponseStatus.OK, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(status.get()), "application/json");
            } else if (path.equals("/metrics") && req.method().equals(HttpMethod.GET)) {
                Replies.text(ctx, HttpResponseStatus.OK, metrics.scrape(), NodeMetrics.contentType());
            } else if (path.equals("/reload") && req.method().equals(HttpMethod.POST)) {
                String err = reloader.reload();
                if (err == null) Replies.text(ctx, HttpResponseStatus.OK, "reloaded\n", "text/plain");
                else Replies.text(ctx, HttpResponseStatus.UNPROCESSABLE_ENTITY, err + "\n", "text/plain");
            } else if (!read && (path.equals("/drain") || path.equals("/undrain") || path.startsWith("/move/"))) {
                operate(ctx, path);
            } else {
                Replies.text(ctx, HttpResponseStatus.NOT_FOUND, "GET / (dashboard), GET /cluster, GET /status, GET /metrics, "
                        + "POST /reload, POST /drain, POST /undrain or POST /move/NODE/COUNT\n", "text/plain");
            }
        }

        /** Drain, undrain and move take a moment (a move waits for each connection's loop): off the control loop. */
        private void operate(ChannelHandlerContext ctx, String path) {
            Thread.ofVirtual().name("dts-admin-op").start(() -> {
                try {
                    String out;
                    if (path.equals("/drain")) out = operations.drain();
                    else if (path.equals("/undrain")) out = operations.undrain();
                    else {
                        String[] p = path.split("/");
                        if (p.length != 4) throw new IllegalArgumentException(path + ": expected /move/NODE/COUNT");
                        int count;
                        try {
                            count = Integer.parseInt(p[3]);
                        } catch (NumberFormatException e) {
                            throw new IllegalArgumentException("count: " + p[3] + " (expected: a number)");
                        }
                        out = operations.move(p[2], count);
                    }
                    String text = out;
                    ctx.executor().execute(() -> Replies.text(ctx, HttpResponseStatus.OK, text + "\n", "text/plain"));
                } catch (RuntimeException e) {
                    ctx.executor().execute(() -> Replies.text(ctx, HttpResponseStatus.UNPROCESSABLE_ENTITY, e.getMessage() + "\n", "text/plain"));
                }
            });
        }

        @Override public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) { ctx.close(); }
    }
}
