package dts.node.handoff;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollSocketChannel;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;
import java.util.function.LongSupplier;

/**
 * This node's outgoing control link to one peer: one connection per event loop of this node (the
 * proxy idiom: a hand-off's messages travel on a connection of the loop that owns the client channel,
 * so nothing hops threads), authenticated ({@link FrameAuth}), HELLO once keyed, a PING every heartbeat,
 * reconnect while the peer is away. The peer counts as alive while a connection is up and a PONG came
 * within {@code deadAfterMillis}. Group membership is JGroups' ({@code Membership}); this only says
 * whether a hand-off to the peer may be tried.
 */
public final class PeerLink {
    private final String selfId;
    private final String peerId;
    private final InetSocketAddress peer;
    private final EventLoopGroup group;
    private final long heartbeatMillis;
    private final long deadAfterMillis;
    private final LongSupplier ownLoad;
    private final BiPredicate<String, ControlMessage> replies;
    private final LinkKeys keys;
    private final FrameRejects rejects;
    private final List<EventLoop> loops = new ArrayList<>();
    private final Map<EventLoop, Channel> channels = new ConcurrentHashMap<>();
    private volatile long lastPongNanos;
    private final PeerLoads loads;
    private volatile boolean stopped;
    private final PeerClock clock = new PeerClock();

    public PeerLink(String selfId, String peerId, InetSocketAddress peer, EventLoopGroup group, long heartbeatMillis,
                    long deadAfterMillis, LongSupplier ownLoad, PeerLoads loads, LinkKeys keys, FrameRejects rejects,
                    BiPredicate<String, ControlMessage> replies) {
        this.keys = keys;
        this.rejects = rejects;
        this.loads = loads;
        this.selfId = selfId;
        this.peerId = peerId;
        this.peer = peer;
        this.group = group;
        this.heartbeatMillis = heartbeatMillis;
        this.deadAfterMillis = deadAfterMillis;
        this.ownLoad = ownLoad;
        this.replies = replies;
        for (EventExecutor e : group) loops.add((EventLoop) e);
    }

    public String peerId() { return peerId; }

    /** The peer's clock as its PONGs showed it (one-trip hand-offs). */
    PeerClock clock() { return clock; }

    /** How often this node checks whether its load, backend health or drain state changed, and if so tells the peer (a PING). */
    public static final long LOAD_CHECK_MILLIS = 20;

    /**
     * A changed load is told at most this often; a changed flag (backend health, drain) at once. Peers
     * average the loads they hear from samples this far apart (the node's steady-load sampling), and
     * LARD's thresholds are tens of requests: a load told every 20 ms was mostly never sampled, and
     * each PING cost both ends a wake-up, a MAC and a write.
     */
    public static final long LOAD_ANNOUNCE_MIN_MILLIS = 50;

    /**
     * Whether a load differs enough from the one last announced to announce it: any change up to 8
     * requests in flight (where LARD's thresholds and the stay rule look at single requests), else a
     * change of an eighth or more. Under the SPECweb mix at 2,500 sessions the load changed at every
     * check, and the PINGs with their PONGs were half of the control links' frames.
     */
    static boolean worthAnnouncing(long load, long announced) {
        return Math.abs(load - announced) >= Math.max(1, announced / 8);
    }
    /** Whether to announce now: a flag changed, or the load changed enough and the last one is old enough. */
    static boolean due(long load, long announced, int flags, int announcedFlags, long sinceMillis) {
        if (flags != announcedFlags || announced < 0) return true;
        return worthAnnouncing(load, announced) && sinceMillis >= LOAD_ANNOUNCE_MIN_MILLIS;
    }

    private long lastAnnouncedLoad = -1;
    private int lastAnnouncedFlags;
    private long lastAnnouncedNanos;

    public void start() {
        for (EventLoop loop : loops) {
            connect(loop);
            loop.scheduleAtFixedRate(() -> heartbeat(channels.get(loop)), heartbeatMillis, heartbeatMillis, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Tells the peer (a PING on the first loop's connection) when this node's flags changed, at once, or
     * its load changed enough, at most every {@link #LOAD_ANNOUNCE_MIN_MILLIS}. One task of the node
     * calls it for every link every {@link #LOAD_CHECK_MILLIS} ({@link #announceChanges}): one timer,
     * not one per link.
     */
    void announceIfChanged() {
        long load = ownLoad.getAsLong();
        int flags = loads.ownFlags();
        long now = System.nanoTime();
        if (!due(load, lastAnnouncedLoad, flags, lastAnnouncedFlags, (now - lastAnnouncedNanos) / 1_000_000)) return;
        Channel c = channels.get(loops.get(0));
        if (c == null || !c.isActive()) return;
        lastAnnouncedLoad = load;
        lastAnnouncedFlags = flags;
        lastAnnouncedNanos = now;
        c.writeAndFlush(ControlMessage.heartbeat(ControlMessage.Type.PING, load, flags | ControlMessage.ANNOUNCE), c.voidPromise());
    }

    /** Starts the node's one load-change check over all its {@code links}, on {@code loop}. */
    public static void announceChanges(java.util.Collection<PeerLink> links, EventLoop loop) {
        loop.scheduleAtFixedRate(() -> links.forEach(PeerLink::announceIfChanged), LOAD_CHECK_MILLIS, LOAD_CHECK_MILLIS, TimeUnit.MILLISECONDS);
    }

    public void stop() {
        stopped = true;
        channels.values().forEach(Channel::close);
    }

    /**
     * True while a connection is up and the peer answered a heartbeat recently. One connection being
     * re-established does not make the peer dead (that would move buckets); a hand-off on a loop whose
     * connection is down falls back instead.
     */
    public boolean alive() {
        boolean anyUp = channels.values().stream().anyMatch(Channel::isActive);
        return anyUp && System.nanoTime() - lastPongNanos < TimeUnit.MILLISECONDS.toNanos(deadAfterMillis);
    }


    /** "up" when every loop's connection is keyed, "partial k/n", or "down". */
    public String state() {
        long up = channels.values().stream().filter(Channel::isActive).count();
        return up == loops.size() ? "up" : up == 0 ? "down" : "partial " + up + "/" + loops.size();
    }

    /**
     * Sends a message on the connection of {@code loop}; false when it is down or the message is larger
     * than a frame may be (the caller falls back).
     */
    public boolean send(ControlMessage m, EventLoop loop) {
        return sendVia(m, loop) != null;
    }

    /** {@link #send}, naming the connection it went on (null when it was not sent): a hand-off's replies come on it. */
    Channel sendVia(ControlMessage m, EventLoop loop) {
        Channel c = channels.get(loop);
        if (c == null || !c.isActive() || m.payload().length > ControlMessage.MAX_PAYLOAD_BYTES) return null;
        c.writeAndFlush(m, c.voidPromise());
        return c;
    }

    /** What a fence PING on one connection has shown so far ({@link #fence}, {@link #fenced}). */
    enum Fence {
        /** Its PONG came: the peer has handled everything sent on the connection before it. */
        PASSED,
        /** Not yet answered, and the connection is up and answered a heartbeat within {@code deadAfterMillis}. */
        WAITING,
        /** The connection closed, or it answered no heartbeat for {@code deadAfterMillis}: nothing more will come on it. */
        SILENT
    }

    /**
     * Sends a heartbeat on connection {@code c} now and returns its stamp (this node's clock), for
     * {@link #fenced}: the peer handles a connection's frames in order on one thread, so once the PONG
     * to this PING is back, every reply to what was sent on {@code c} before it has come too.
     * {@link Long#MIN_VALUE} when {@code c} is down.
     */
    long fence(Channel c) {
        if (!c.isActive()) return Long.MIN_VALUE;
        long now = System.nanoTime();
        c.writeAndFlush(loads.heartbeat(ControlMessage.Type.PING, ownLoad.getAsLong()).stamped(now), c.voidPromise());
        return now;
    }

    /** Whether the PONG to the fence PING stamped {@code pingNanos} on {@code c} came ({@link #fence}). */
    Fence fenced(Channel c, long pingNanos) {
        Inbound in = c.pipeline().get(Inbound.class);
        if (!c.isActive() || in == null || pingNanos == Long.MIN_VALUE) return Fence.SILENT;
        if (in.anyAnswered && in.answeredPingNanos - pingNanos >= 0) return Fence.PASSED;
        return System.nanoTime() - in.pongNanos > TimeUnit.MILLISECONDS.toNanos(deadAfterMillis) ? Fence.SILENT : Fence.WAITING;
    }

    private void heartbeat(Channel c) {
        long silentNanos = System.nanoTime() - lastPongNanos;
        if (c != null && c.isActive() && lastPongNanos != 0 && silentNanos > TimeUnit.MILLISECONDS.toNanos(2 * deadAfterMillis)) {
            // a connection that stays open through a cut link answers nothing until TCP's backed-off
            // retransmission gets through, seconds after the link is back: start a fresh one instead
            c.close();
            return;
        }
        if (c != null && c.isActive()) {
            long load = ownLoad.getAsLong();
            ControlMessage ping = loads.heartbeat(ControlMessage.Type.PING, load).stamped(System.nanoTime());
            lastAnnouncedLoad = load; // benign race between loops: at worst one PING too many
            lastAnnouncedFlags = ping.flags();
            c.writeAndFlush(ping, c.voidPromise());
        }
    }

    private void connect(EventLoop loop) {
        if (stopped) return;
        Bootstrap b = new Bootstrap().group(loop).channel(EpollSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(100, deadAfterMillis))
                .handler(new ChannelInitializer<Channel>() {
                    @Override protected void initChannel(Channel ch) {
                        ControlCodec.install(ch.pipeline(), keys, rejects, true);
                        ch.pipeline().addLast(new Inbound(loop));
                    }
                });
        b.connect(peer).addListener(f -> {
            if (f.isSuccess()) {
                Channel c = ((io.netty.channel.ChannelFuture) f).channel();
                c.closeFuture().addListener(x -> {
                    channels.remove(loop, c);
                    retryLater(loop);
                });
            } else {
                retryLater(loop);
            }
        });
    }

    private void retryLater(EventLoop loop) {
        if (!stopped) loop.schedule(() -> connect(loop), Math.max(50, heartbeatMillis), TimeUnit.MILLISECONDS);
    }

    private final class Inbound extends SimpleChannelInboundHandler<ControlMessage> {
        private final EventLoop loop;
        /** The newest PING this connection's PONGs answered (its stamp, our clock), and when that PONG came. */
        private volatile long answeredPingNanos;
        private volatile boolean anyAnswered;
        private volatile long pongNanos = System.nanoTime();

        Inbound(EventLoop loop) { this.loop = loop; }

        /** Keyed: only now may hand-offs use the connection. */
        @Override public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt != FrameAuth.READY) {
                super.userEventTriggered(ctx, evt);
                return;
            }
            Channel c = ctx.channel();
            c.writeAndFlush(ControlMessage.text(ControlMessage.Type.HELLO, 0, selfId), c.voidPromise());
            heartbeat(c);
            if (stopped) c.close();
            else channels.put(loop, c);
        }

        @Override protected void channelRead0(ChannelHandlerContext ctx, ControlMessage m) {
            switch (m.type()) {
                case PONG -> {
                    loads.record(peerId, m);
                    lastPongNanos = System.nanoTime();
                    pongNanos = lastPongNanos;
                    long answered = m.stamp(0);
                    if (answered != Long.MIN_VALUE && (!anyAnswered || answered - answeredPingNanos > 0)) {
                        answeredPingNanos = answered;
                        anyAnswered = true;
                    }
                    if (m.stamp(1) != Long.MIN_VALUE) clock.record(m.stamp(0), m.stamp(1), lastPongNanos);
                }
                case READY, FAIL, LIVE -> {
                    if (!replies.test(peerId, m)) reject(ctx, FrameRejects.Reason.UNEXPECTED_REPLY);
                }
                default -> reject(ctx, FrameRejects.Reason.UNEXPECTED_FRAME);
            }
        }

        private void reject(ChannelHandlerContext ctx, FrameRejects.Reason why) {
            rejects.count(why);
            java.util.logging.Logger.getLogger(PeerLink.class.getName())
                    .warning("control link to " + peerId + ": frame rejected (" + why.label() + "), closing");
            ctx.close();
        }

        @Override public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) { ctx.close(); }
    }
}
