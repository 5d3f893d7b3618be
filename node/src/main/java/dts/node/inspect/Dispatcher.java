package dts.node.inspect;

import dts.inspector.http.RequestHead;
import dts.inspector.route.Decision;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;

/** Places an inspected connection: the routing decision, then serving locally or handing off. */
public interface Dispatcher {
    /** The routing decision for a complete head; a decision without a node means no live node. */
    Decision decide(RequestHead head, String clientAddress);

    /** Serves or hands off {@code ch}; takes ownership of {@code consumed}. On the channel's event loop. */
    void dispatch(Channel ch, ByteBuf consumed, String nodeId, long decisionStartNanos);

    /** Hands a connection this node serves to {@code nodeId} for its next request (keep-alive re-routing). */
    void rehandOff(Channel ch, ByteBuf consumed, String nodeId, long decisionStartNanos);

    /**
     * As {@link #rehandOff} for a socket no channel owns ({@code fd}, e.g. from the HTTP relay, in no
     * epoll set): runs on {@code loop}, takes ownership of {@code fd} and {@code consumed}.
     */
    void rehandOffFd(io.netty.channel.EventLoop loop, int fd, ByteBuf consumed, String nodeId, long decisionStartNanos);
}
