package dts.node.serve;

import dts.inspector.http.HeadParser;
import dts.inspector.http.RequestHead;
import dts.inspector.route.Decision;
import dts.node.conn.ClientConnection;
import dts.splicer.sys.LibC;
import dts.splicer.sys.SysException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.epoll.EpollSocketChannel;

import java.util.concurrent.TimeUnit;

/**
 * Per-request routing on a persistent connection served here by the embedded backend. Sits first in
 * the pipeline and reads each request head before the HTTP codec does. A request the rules send to
 * this node goes on to the codec; one they send elsewhere waits until every earlier response was
 * written and acknowledged by the client (empty send queue), then the connection is handed off with
 * that request and everything after it, so pipelined requests stay in order and no response is split
 * across nodes. The first request is not routed again (it was routed before it got here), and a
 * request with a body pins the connection to this node. Bytes not parsed yet wait in a buffer that
 * exists only while there are some, so an idle connection holds none.
 */
public final class RequestGate extends ChannelInboundHandlerAdapter {
    private static final long DRAIN_POLL_MILLIS = 1;
    private static final long DRAIN_TIMEOUT_MILLIS = 10_000;
    private final HeadParser parser;
    private final ClientConnection conn;
    private ByteBuf acc; // bytes read and not yet forwarded; null when there are none
    private ByteBuf initial;
    private boolean routeNext;
    private boolean pinned;
    private boolean moved;
    private int forwarded;
    private int answered;
    private String moveTo;
    private long moveSinceNanos;
    private ChannelHandlerContext ctx;

    RequestGate(HeadParser parser, ClientConnection conn, ByteBuf consumed) {
        this.parser = parser;
        this.conn = conn;
        this.initial = consumed;
        conn.onIdleMove(this::leaveNow);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        if (initial != null) {
            if (initial.isReadable()) acc().writeBytes(initial);
            initial.release();
            initial = null;
        }
        if (ctx.channel().isRegistered() && ctx.channel().isActive()) process();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.fireChannelActive();
        process();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (pinned || moved) {
            ctx.fireChannelRead(msg);
            return;
        }
        ByteBuf in = (ByteBuf) msg;
        try {
            acc().writeBytes(in);
        } finally {
            in.release();
        }
        process();
    }

    private ByteBuf acc() {
        if (acc == null) acc = ctx.alloc().heapBuffer(1024);
        return acc;
    }

    /** A response's last part was written (from {@link ResponseTracker}). */
    void responseDone() {
        answered++;
        if (moveTo != null) tryMove();
        else if (answered == forwarded && !pinned && !moved) {
            conn.idle();
            // this may run inside the codec's handling of a request this gate is still forwarding (a
            // response written and acknowledged at once): move only after that call has returned
            if (conn.leaveFor() != null) {
                ctx.executor().execute(() -> {
                    String t = conn.leaveFor();
                    if (t != null) leaveNow(t);
                });
            }
        }
    }

    /** Moves the idle connection to {@code target} once the client has taken every response; false if not idle. */
    private boolean leaveNow(String target) {
        if (moved || pinned || moveTo != null || answered < forwarded || ctx == null || ctx.isRemoved()
                || !ctx.channel().isOpen() || (acc != null && acc.isReadable())) return false;
        moveTo = target;
        moveSinceNanos = System.nanoTime();
        conn.leaving();
        tryMove();
        return true;
    }

    private void process() {
        while (!moved && moveTo == null && acc != null && acc.isReadable()) {
            if (pinned) {
                forwardAll();
                return;
            }
            HeadParser.Result r = parser.parse(acc.array(), acc.arrayOffset() + acc.readerIndex(), acc.readableBytes());
            switch (r.outcome()) {
                case INCOMPLETE -> {
                    return;
                }
                case COMPLETE -> onHead(r.head());
                default -> {
                    pinned = true; // let the codec answer 400/431/505
                    conn.tunnel();
                    forwardAll();
                    return;
                }
            }
        }
        if (moveTo != null) tryMove();
        else if (acc != null && !acc.isReadable() && !moved) {
            acc.release(); // nothing left to parse: no buffer held until the next read
            acc = null;
        }
    }

    private void onHead(RequestHead head) {
        boolean route = routeNext;
        routeNext = true;
        if (head.contentLength() != 0) {
            pinned = true;
            conn.answering(head);
            conn.tunnel();
            forwardAll();
            return;
        }
        if (route) {
            Decision d = conn.decide(head);
            if (d.nodeId() != null && !d.nodeId().equals(conn.selfId())) {
                moveTo = d.nodeId();
                moveSinceNanos = System.nanoTime();
                conn.willMove(d);
                return;
            }
        }
        forwarded++;
        conn.answering(head);
        conn.serving();
        ctx.fireChannelRead(acc.readRetainedSlice(head.headLength()));
        if (acc != null) acc.discardReadBytes(); // null: the connection moved meanwhile
    }

    private void forwardAll() {
        if (acc.isReadable()) ctx.fireChannelRead(acc.readRetainedSlice(acc.readableBytes()));
        acc.clear();
    }

    private void tryMove() {
        if (moved || moveTo == null) return;
        if (!ctx.channel().isOpen()) { // the client closed while its responses drained: nothing left to move
            moveTo = null;
            return;
        }
        if (answered < forwarded || !sendQueueEmpty()) {
            if (System.nanoTime() - moveSinceNanos > TimeUnit.MILLISECONDS.toNanos(DRAIN_TIMEOUT_MILLIS)) {
                moveTo = null; // the client does not take its responses: keep serving here
                routeNext = false;
                conn.stays();
                process();
                return;
            }
            ctx.executor().schedule(this::tryMove, DRAIN_POLL_MILLIS, TimeUnit.MILLISECONDS);
            return;
        }
        moved = true;
        ByteBuf rest = acc != null ? acc : Unpooled.EMPTY_BUFFER;
        acc = null;
        conn.moveTo(moveTo, rest, moveSinceNanos);
    }

    private boolean sendQueueEmpty() {
        if (!ctx.channel().isOpen()) return false; // a closed channel's descriptor number may name another socket now
        ChannelOutboundBuffer out = ctx.channel().unsafe().outboundBuffer();
        if (out != null && !out.isEmpty()) return false;
        try {
            return LibC.ioctlInt(((EpollSocketChannel) ctx.channel()).fd().intValue(), LibC.SIOCOUTQ) == 0;
        } catch (SysException e) {
            return false;
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (acc != null) {
            acc.release();
            acc = null;
        }
        if (initial != null) {
            initial.release();
            initial = null;
        }
    }
}
