package dts.node.inspect;

import dts.inspector.http.HeadParser;
import dts.inspector.route.Decision;
import dts.node.NodeStats;
import dts.node.conn.ClientConnection;
import dts.node.conn.Connections;
import dts.splicer.backend.FirstHead;
import dts.splicer.backend.LingeringClose;
import dts.splicer.backend.VipListener;
import dts.splicer.sys.LibC;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoop;
import io.netty.channel.epoll.EpollSocketChannel;

import java.net.InetSocketAddress;
import java.util.concurrent.RejectedExecutionException;

/**
 * Inspects the connections the VIP listener accepts: reads each one's first request head on the bare
 * descriptor ({@link FirstHead}), on one of the node's event loops in turn, then places it through its
 * {@link ClientConnection} (served here or moved to the chosen node). No Netty channel is made for a
 * connection that is placed. Answers 400 (malformed), 408 (no complete head in time), 431 (head too
 * large), 503 (no live node, or no rule), 505 (an HTTP version other than 1.0 and 1.1), each with
 * {@code Connection: close}, each counted, through a channel made for the answer that half-closes and
 * discards what the client still sends before it closes ({@link LingeringClose}). Untrusted bytes never
 * throw out of here.
 */
public final class Inspector implements VipListener.Acceptor {
    private final EventLoopGroup loops;
    private final HeadParser parser;
    private final long headTimeoutMillis;
    private final Connections connections;
    private final NodeStats stats;
    private final String nodeId;

    public Inspector(EventLoopGroup loops, HeadParser parser, long headTimeoutMillis, Connections connections, NodeStats stats,
                     String nodeId) {
        this.loops = loops;
        this.parser = parser;
        this.headTimeoutMillis = headTimeoutMillis;
        this.connections = connections;
        this.stats = stats;
        this.nodeId = nodeId;
    }

    @Override
    public void accepted(int fd, InetSocketAddress client) {
        IoEventLoop loop = (IoEventLoop) loops.next();
        if (loop.inEventLoop()) {
            inspect(loop, fd, client);
            return;
        }
        try {
            loop.execute(() -> inspect(loop, fd, client));
        } catch (RejectedExecutionException e) { // the node is stopping
            LibC.closeQuietly(fd);
        }
    }

    private void inspect(IoEventLoop loop, int fd, InetSocketAddress client) {
        ClientConnection c = connections.accepted(loop, fd, client);
        FirstHead.read(loop, fd, parser, headTimeoutMillis, (ending, r, bytes, length) -> done(c, ending, r, bytes, length));
    }

    private void done(ClientConnection c, FirstHead.Ending ending, HeadParser.Result r, byte[] bytes, int length) {
        switch (ending) {
            case CLOSED -> c.closed();
            case TIMED_OUT -> reject(c, ErrorResponse.REQUEST_TIMEOUT, "no complete request head within " + headTimeoutMillis + " ms");
            case PARSED -> {
                switch (r.outcome()) {
                    case COMPLETE -> dispatch(c, r, bytes, length);
                    case TOO_LARGE -> {
                        stats.headsTooLarge.increment();
                        reject(c, ErrorResponse.HEADERS_TOO_LARGE, r.error());
                    }
                    case UNSUPPORTED_VERSION -> reject(c, ErrorResponse.VERSION_NOT_SUPPORTED, r.error());
                    default -> reject(c, ErrorResponse.BAD_REQUEST, r.error());
                }
            }
        }
    }

    private void dispatch(ClientConnection c, HeadParser.Result r, byte[] bytes, int length) {
        long decisionStart = System.nanoTime();
        Decision d = c.decide(r.head());
        if (d.nodeId() == null) {
            stats.noLiveNode.increment();
            reject(c, ErrorResponse.SERVICE_UNAVAILABLE, d.outcome() == Decision.Outcome.NO_MATCH
                    ? "no rule matches this request" : "no live node in pool " + d.pool());
            return;
        }
        c.place(d.nodeId(), Unpooled.wrappedBuffer(bytes, 0, length), decisionStart);
    }

    private void reject(ClientConnection c, ErrorResponse response, String detail) {
        if (response != ErrorResponse.REQUEST_TIMEOUT && response != ErrorResponse.SERVICE_UNAVAILABLE
                && response != ErrorResponse.HEADERS_TOO_LARGE) {
            stats.badRequests.increment();
        } else if (response == ErrorResponse.REQUEST_TIMEOUT) {
            stats.headTimeouts.increment();
        }
        EpollSocketChannel ch = new EpollSocketChannel(c.fd());
        c.attach(ch);
        c.rejected(response.status());
        ch.closeFuture().addListener(f -> c.closed());
        // the client may still be sending (a body, pipelined requests, the rest of a huge head): a close
        // with unread bytes is a RST that can destroy the answer, so half-close and discard until its EOF
        LingeringClose.installFirst(ch.pipeline());
        c.loop().register(ch).addListener(f -> {
            if (f.isSuccess()) response.sendAndClose(ch, detail, nodeId);
            else ch.close();
        });
    }
}
