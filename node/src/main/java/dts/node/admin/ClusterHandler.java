package dts.node.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;

import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /cluster}: the whole cluster as this node sees it,
 * {@code {"self": id, "time_ms": ..., "read_ms": {id: ...}, "nodes": {id: status or {"error": ...}}}}
 * in config order. Its own status is read directly; every peer's {@code /status} is fetched at once
 * over the internal network, each within {@link #PEER_DEADLINE_MILLIS}, so the answer never waits
 * longer than that. {@code read_ms}: this node's clock when it read each status (or gave up), what the
 * dashboard's rates divide by; {@code time_ms}: when the answer was built.
 */
final class ClusterHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    /** Short enough that a dashboard polling every second never piles requests up behind a dead peer. */
    static final long PEER_DEADLINE_MILLIS = 600;
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ClusterNodes nodes;
    private final Supplier<Map<String, Object>> status;

    ClusterHandler(ClusterNodes nodes, Supplier<Map<String, Object>> status) {
        super(FullHttpRequest.class);
        this.nodes = nodes;
        this.status = status;
    }

    @Override public boolean acceptInboundMessage(Object msg) {
        return msg instanceof FullHttpRequest req && req.method().equals(HttpMethod.GET)
                && AdminServer.path(req).equals("/cluster");
    }

    @Override protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        EventLoop loop = ctx.channel().eventLoop();
        Map<String, Object> answers = new LinkedHashMap<>();
        Map<String, Long> readMillis = new LinkedHashMap<>();
        nodes.adminAddresses().keySet().forEach(id -> {
            answers.put(id, null); // config order
            readMillis.put(id, null);
        });
        answers.put(nodes.selfId(), status.get());
        readMillis.put(nodes.selfId(), System.currentTimeMillis());
        int[] pending = {answers.size() - 1};
        if (pending[0] == 0) reply(ctx, answers, readMillis);
        for (Map.Entry<String, InetSocketAddress> peer : nodes.adminAddresses().entrySet()) {
            if (peer.getKey().equals(nodes.selfId())) continue;
            PeerStatusClient.fetch(loop, peer.getValue(), PEER_DEADLINE_MILLIS).addListener(f -> { // on this loop
                answers.put(peer.getKey(), f.getNow());
                readMillis.put(peer.getKey(), System.currentTimeMillis());
                if (--pending[0] == 0) reply(ctx, answers, readMillis);
            });
        }
    }

    private void reply(ChannelHandlerContext ctx, Map<String, Object> answers, Map<String, Long> readMillis) {
        Map<String, Object> cluster = new LinkedHashMap<>();
        cluster.put("self", nodes.selfId());
        cluster.put("time_ms", System.currentTimeMillis());
        cluster.put("read_ms", readMillis);
        cluster.put("nodes", answers);
        try {
            Replies.bytes(ctx, HttpResponseStatus.OK, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(cluster), "application/json");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            Replies.text(ctx, HttpResponseStatus.INTERNAL_SERVER_ERROR, e.getMessage() + "\n", "text/plain");
        }
    }
}
