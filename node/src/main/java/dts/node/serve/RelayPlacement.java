package dts.node.serve;

import dts.inspector.http.RequestHead;
import dts.inspector.route.Decision;
import dts.node.NodeStats;
import dts.node.inspect.Dispatcher;
import dts.splicer.backend.RequestPlacement;
import dts.splicer.sys.LibC;
import dts.splicer.sys.SysException;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Per-request placement of one connection spliced to the local web server: the routing rules decide
 * each later request; one for another node moves the connection there (re-hand-off) with the request
 * and whatever the client sent after it.
 */
final class RelayPlacement implements RequestPlacement {
    private final Dispatcher dispatcher;
    private final String selfId;
    private final NodeStats stats;
    private final EventLoop loop;
    private final String clientAddress;

    /** For the connection {@code fd}, relayed on {@code loop}. */
    RelayPlacement(Dispatcher dispatcher, String selfId, NodeStats stats, EventLoop loop, int fd) {
        this.dispatcher = dispatcher;
        this.selfId = selfId;
        this.stats = stats;
        this.loop = loop;
        this.clientAddress = peer(fd);
    }

    @Override
    public Object place(RequestHead head) {
        Decision d = dispatcher.decide(head, clientAddress);
        return d.nodeId() == null || d.nodeId().equals(selfId) ? null : d.nodeId();
    }

    @Override
    public void move(Object target, int clientFd, byte[] unread, long decisionNanos) {
        stats.rehandoffs.increment();
        dispatcher.rehandOffFd(loop, clientFd, Unpooled.wrappedBuffer(unread), (String) target, decisionNanos);
    }

    /** The client's address for client-hash rules, read once from the socket. */
    private static String peer(int fd) {
        try {
            return InetAddress.getByAddress(LibC.peerAddress(fd).addr()).getHostAddress();
        } catch (SysException | UnknownHostException e) {
            return "";
        }
    }
}
