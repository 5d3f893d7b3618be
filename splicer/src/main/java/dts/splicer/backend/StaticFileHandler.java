package dts.splicer.backend;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.DefaultFileRegion;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.LinkOption;
import java.nio.file.StandardOpenOption;

/**
 * Answers one {@link ServeRequest}: rejections and 405 as small full responses, files as a head, a
 * DefaultFileRegion (sendfile on the epoll transport) and an empty last content. Every response
 * carries Date, Content-Length and X-DTS-Node and is counted by status class.
 */
final class StaticFileHandler extends SimpleChannelInboundHandler<ServeRequest> {
    private static final AsciiString X_DTS_NODE = AsciiString.cached("X-DTS-Node");
    private static final String ALLOW = "GET, HEAD";

    private final DocrootResolver resolver;
    private final AsciiString nodeId;
    private final BackendStats stats;

    StaticFileHandler(StaticBackend.Config config) {
        this.resolver = new DocrootResolver(config.docroot());
        this.nodeId = new AsciiString(config.nodeId());
        this.stats = config.stats();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ServeRequest r) {
        HttpRequest req = r.head();
        if (r.reject() != null) {
            sendError(ctx, req, r.reject(), true);
            return;
        }
        HttpMethod method = req.method();
        if (!HttpMethod.GET.equals(method) && !HttpMethod.HEAD.equals(method)) {
            sendError(ctx, req, HttpResponseStatus.METHOD_NOT_ALLOWED, false);
            return;
        }
        DocrootResolver.Resolution res = resolver.resolve(req.uri());
        switch (res.kind()) {
            case BAD_REQUEST -> sendError(ctx, req, HttpResponseStatus.BAD_REQUEST, true);
            case FORBIDDEN -> sendError(ctx, req, HttpResponseStatus.FORBIDDEN, false);
            case NOT_FOUND -> sendError(ctx, req, HttpResponseStatus.NOT_FOUND, false);
            case FILE -> sendFile(ctx, req, res);
        }
    }

    private void sendFile(ChannelHandlerContext ctx, HttpRequest req, DocrootResolver.Resolution res) {
        FileChannel file;
        long size;
        try {
            file = FileChannel.open(res.file(), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
            size = file.size();
        } catch (AccessDeniedException e) {
            sendError(ctx, req, HttpResponseStatus.FORBIDDEN, false);
            return;
        } catch (IOException | RuntimeException e) {
            sendError(ctx, req, HttpResponseStatus.NOT_FOUND, false);
            return;
        }
        boolean get = HttpMethod.GET.equals(req.method());
        long modifiedMillis = res.attributes().lastModifiedTime().toMillis();
        String lastModified = HttpDates.format(modifiedMillis);
        if (notModified(req, modifiedMillis)) {
            closeQuietly(file);
            // 304 without a body; its Content-Length is the one a 200 would have had (RFC 9110 8.6)
            HttpResponse resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_MODIFIED, Unpooled.EMPTY_BUFFER);
            resp.headers().set(HttpHeaderNames.CONTENT_LENGTH, size);
            resp.headers().set(HttpHeaderNames.LAST_MODIFIED, lastModified);
            send(ctx, req, resp, false);
            return;
        }
        ByteRange range = get ? rangeOf(req, size, lastModified) : ByteRange.parse(null, size);
        if (range.kind() == ByteRange.Kind.UNSATISFIABLE) {
            closeQuietly(file);
            HttpResponse resp = fullResponse(HttpResponseStatus.REQUESTED_RANGE_NOT_SATISFIABLE, Unpooled.EMPTY_BUFFER);
            resp.headers().set(HttpHeaderNames.CONTENT_RANGE, "bytes */" + size);
            send(ctx, req, resp, false);
            return;
        }
        boolean partial = range.kind() == ByteRange.Kind.SATISFIABLE;
        long first = partial ? range.first() : 0;
        long length = partial ? range.length() : size;
        HttpResponse resp = new DefaultHttpResponse(HttpVersion.HTTP_1_1,
                partial ? HttpResponseStatus.PARTIAL_CONTENT : HttpResponseStatus.OK);
        HttpHeaders h = resp.headers();
        h.set(HttpHeaderNames.CONTENT_TYPE, ContentTypes.of(res.file().getFileName().toString()));
        h.set(HttpHeaderNames.CONTENT_LENGTH, length);
        h.set(HttpHeaderNames.LAST_MODIFIED, lastModified);
        h.set(HttpHeaderNames.ACCEPT_RANGES, HttpHeaderValues.BYTES);
        if (partial) h.set(HttpHeaderNames.CONTENT_RANGE, "bytes " + first + "-" + range.last() + "/" + size);
        commonHeaders(req, resp, false);
        stats.countResponse(resp.status());
        ctx.write(resp);
        if (get && length > 0) {
            ctx.write(new DefaultFileRegion(file, first, length));
        } else {
            closeQuietly(file);
        }
        ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
    }

    /** If-Modified-Since (without If-None-Match) at or after the file's last modification, to the second. */
    private static boolean notModified(HttpRequest req, long modifiedMillis) {
        if (req.headers().contains(HttpHeaderNames.IF_NONE_MATCH)) return false;
        long since = HttpDates.parse(req.headers().get(HttpHeaderNames.IF_MODIFIED_SINCE));
        return since >= 0 && modifiedMillis / 1000 <= since / 1000;
    }

    /** The Range of a GET, unless an If-Range names another validator than our Last-Modified. */
    private static ByteRange rangeOf(HttpRequest req, long size, String lastModified) {
        String ifRange = req.headers().get(HttpHeaderNames.IF_RANGE);
        if (ifRange != null && !ifRange.strip().equals(lastModified)) return ByteRange.parse(null, size);
        return ByteRange.parse(req.headers().get(HttpHeaderNames.RANGE), size);
    }

    private void sendError(ChannelHandlerContext ctx, HttpRequest req, HttpResponseStatus status, boolean close) {
        ByteBuf body = Unpooled.copiedBuffer(status.code() + " " + status.reasonPhrase() + "\n", StandardCharsets.US_ASCII);
        HttpResponse resp = fullResponse(status, body);
        resp.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain");
        if (status.equals(HttpResponseStatus.METHOD_NOT_ALLOWED)) resp.headers().set(HttpHeaderNames.ALLOW, ALLOW);
        send(ctx, req, resp, close);
    }

    private static HttpResponse fullResponse(HttpResponseStatus status, ByteBuf body) {
        DefaultFullHttpResponse resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        resp.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        return resp;
    }

    private void send(ChannelHandlerContext ctx, HttpRequest req, HttpResponse resp, boolean close) {
        commonHeaders(req, resp, close);
        stats.countResponse(resp.status());
        ctx.writeAndFlush(resp);
    }

    /** Date, X-DTS-Node, and Connection: close, or keep-alive for an HTTP/1.0 client that asked. */
    private void commonHeaders(HttpRequest req, HttpResponse resp, boolean close) {
        HttpHeaders h = resp.headers();
        h.set(HttpHeaderNames.DATE, HttpDates.now());
        h.set(X_DTS_NODE, nodeId);
        if (close || !HttpUtil.isKeepAlive(req)) {
            h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (req.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
            h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
    }

    private static void closeQuietly(FileChannel file) {
        try {
            file.close();
        } catch (IOException ignored) {
            // a read-only file channel: nothing was written that could be lost
        }
    }
}
