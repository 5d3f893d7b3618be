package dts.node.admin;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /} and its scripts and style sheet: the live cluster dashboard, plain HTML/JS/CSS from
 * the node jar (resources {@code dts/node/admin/dashboard/}); the page polls {@code GET /cluster}.
 */
final class DashboardHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final String DIR = "/dts/node/admin/dashboard/";
    /** Every file the page loads, by URL path; nothing else is served. */
    private static final Map<String, File> FILES = load(Map.of(
            "/", "index.html", "/dashboard.css", "dashboard.css", "/dashboard.js", "dashboard.js",
            "/fields.js", "fields.js", "/history.js", "history.js", "/sparkline.js", "sparkline.js"));
    /** Only this node's own files: no inline script, nothing from elsewhere. */
    private static final String POLICY = "default-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private record File(byte[] body, String type) {}

    DashboardHandler() { super(FullHttpRequest.class); }

    @Override public boolean acceptInboundMessage(Object msg) {
        return msg instanceof FullHttpRequest req && (req.method().equals(HttpMethod.GET) || req.method().equals(HttpMethod.HEAD))
                && FILES.containsKey(AdminServer.path(req));
    }

    @Override protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        File f = FILES.get(AdminServer.path(req));
        FullHttpResponse r = Replies.response(HttpResponseStatus.OK, f.body(), f.type(), req.method().equals(HttpMethod.HEAD));
        r.headers().set(HttpHeaderNames.CONTENT_SECURITY_POLICY, POLICY);
        Replies.send(ctx, r);
    }

    private static Map<String, File> load(Map<String, String> names) {
        Map<String, File> files = new LinkedHashMap<>();
        names.forEach((path, name) -> {
            try (InputStream in = DashboardHandler.class.getResourceAsStream(DIR + name)) {
                if (in == null) throw new IllegalStateException("dashboard file missing from the jar: " + DIR + name);
                files.put(path, new File(in.readAllBytes(), type(name)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return Map.copyOf(files);
    }

    private static String type(String name) {
        String ext = name.substring(name.lastIndexOf('.') + 1);
        return switch (ext) {
            case "html" -> "text/html; charset=utf-8";
            case "css" -> "text/css; charset=utf-8";
            case "js" -> "text/javascript; charset=utf-8";
            default -> throw new IllegalArgumentException("no content type for " + name);
        };
    }
}
