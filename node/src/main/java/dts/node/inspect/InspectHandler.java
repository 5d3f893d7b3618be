package dts.node.inspect;

import dts.inspector.http.HeadParser;
import dts.inspector.route.Decision;
import dts.node.NodeStats;
import dts.node.conn.ClientConnection;
import dts.node.conn.Connections;
import dts.splicer.backend.LingeringClose;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.TimeUnit;

/**
 * Reads the request head of a connection this node inspects, then places it through its
 * {@link ClientConnection} (served here or moved to the chosen node).
 * Answers 400 (malformed), 408 (no complete head in time), 431 (head too large), 503 (no live node),
 * 505 (an HTTP version other than 1.0 and 1.1);
 * each with {@code Connection: close}, each counted. Untrusted bytes never throw out of here.
 */
public final class InspectHandler extends ChannelInboundHandlerAdapter {
    private final HeadParser parser;
    private final long headTimeoutMillis;
    private final Connections connections;
    private final NodeStats stats;
    private final String nodeId;
    private ByteBuf acc;
    private ScheduledFuture<?> timeout;
    private boolean done;
    private ClientConnection conn;

    public InspectHandler(HeadParser parser, long headTimeoutMillis, Connections connections, NodeStats stats, String nodeId) {
        this.parser = parser;
        this.headTimeoutMillis = headTimeoutMillis;
        this.connections = connections;
        this.stats = stats;
        this.nodeId = nodeId;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        conn = connections.accepted(ctx.channel());
        acc = ctx.alloc().heapBuffer(1024);
        timeout = ctx.executor().schedule(() -> reject(ctx, ErrorResponse.REQUEST_TIMEOUT,
                "no complete request head within " + headTimeoutMillis + " ms"), headTimeoutMillis, TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        if (done) {
            in.release();
            return;
        }
        try {
            acc.writeBytes(in);
        } finally {
            in.release();
        }
        HeadParser.Result r = parser.parse(acc.array(), acc.arrayOffset() + acc.readerIndex(), acc.readableBytes());
        switch (r.outcome()) {
            case INCOMPLETE -> { }
            case TOO_LARGE -> {
                stats.headsTooLarge.increment();
                reject(ctx, ErrorResponse.HEADERS_TOO_LARGE, r.error());
            }
            case COMPLETE -> dispatch(ctx, r);
            case UNSUPPORTED_VERSION -> reject(ctx, ErrorResponse.VERSION_NOT_SUPPORTED, r.error());
            default -> reject(ctx, ErrorResponse.BAD_REQUEST, r.error());
        }
    }

    private void dispatch(ChannelHandlerContext ctx, HeadParser.Result r) {
        done = true;
        timeout.cancel(false);
        long decisionStart = System.nanoTime();
        Decision d = conn.decide(r.head());
        if (d.nodeId() == null) {
            stats.noLiveNode.increment();
            reject(ctx, ErrorResponse.SERVICE_UNAVAILABLE, d.outcome() == Decision.Outcome.NO_MATCH
                    ? "no rule matches this request" : "no live node in pool " + d.pool());
            return;
        }
        ByteBuf consumed = acc;
        acc = null;
        ctx.channel().config().setAutoRead(false);
        conn.place(d.nodeId(), consumed, decisionStart);
    }

    private void reject(ChannelHandlerContext ctx, ErrorResponse response, String detail) {
        if (response != ErrorResponse.REQUEST_TIMEOUT && response != ErrorResponse.SERVICE_UNAVAILABLE
                && response != ErrorResponse.HEADERS_TOO_LARGE) {
            stats.badRequests.increment();
        } else if (response == ErrorResponse.REQUEST_TIMEOUT) {
            stats.headTimeouts.increment();
        }
        done = true;
        if (timeout != null) timeout.cancel(false);
        ClientConnection c = conn;
        c.rejected(response.status());
        ctx.channel().closeFuture().addListener(f -> c.closed());
        // the client may still be sending (a body, pipelined requests, the rest of a huge head): a close
        // with unread bytes is a RST that can destroy the answer, so half-close and discard until its EOF
        LingeringClose.installFirst(ctx.pipeline());
        response.sendAndClose(ctx.channel(), detail, nodeId);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!done) {
            done = true;
            if (timeout != null) timeout.cancel(false);
            if (conn != null) conn.closed();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (acc != null) {
            acc.release();
            acc = null;
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
