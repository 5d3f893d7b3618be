package dts.node.handoff;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;

import io.netty.util.AttributeKey;

import java.net.InetSocketAddress;
import java.util.function.LongSupplier;

/**
 * Accepts peers' control links: authenticated ({@link FrameAuth}), HELLO first, then answers heartbeats
 * and hands PREPARE/COMMIT/ABORT to the receiver; any other frame is counted and closes the link.
 */
public final class ControlServer {
    private final Channel channel;

    private ControlServer(Channel channel) { this.channel = channel; }

    /** The peer's node id on an accepted link, from its (authenticated) HELLO. */
    static final AttributeKey<String> PEER_ID = AttributeKey.valueOf("dts.peer");

    public static ControlServer bind(EventLoopGroup group, InetSocketAddress address, LongSupplier ownLoad,
                                     PeerLoads loads, HandoffReceiver receiver, LinkKeys keys, FrameRejects rejects)
            throws InterruptedException {
        ServerBootstrap b = new ServerBootstrap().group(group).channel(EpollServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override protected void initChannel(Channel ch) {
                        ControlCodec.install(ch.pipeline(), keys, rejects, false);
                        ch.pipeline().addLast(new Inbound(ownLoad, loads, receiver, rejects));
                    }
                });
        return new ControlServer(b.bind(address).sync().channel());
    }

    public void close() { channel.close().syncUninterruptibly(); }

    /** Where it listens (tests bind port 0). */
    public InetSocketAddress localAddress() { return (InetSocketAddress) channel.localAddress(); }

    private static final class Inbound extends SimpleChannelInboundHandler<ControlMessage> {
        private final LongSupplier ownLoad;
        private final PeerLoads loads;
        private final HandoffReceiver receiver;
        private final FrameRejects rejects;
        private String peerId; // from the link's HELLO

        Inbound(LongSupplier ownLoad, PeerLoads loads, HandoffReceiver receiver, FrameRejects rejects) {
            this.rejects = rejects;
            this.ownLoad = ownLoad;
            this.loads = loads;
            this.receiver = receiver;
        }

        @Override protected void channelRead0(ChannelHandlerContext ctx, ControlMessage m) {
            if ((peerId == null) != (m.type() == ControlMessage.Type.HELLO)) { // HELLO first, and once
                reject(ctx);
                return;
            }
            switch (m.type()) {
                case HELLO -> {
                    peerId = m.text();
                    ctx.channel().attr(PEER_ID).set(peerId);
                }
                case PING -> {
                    loads.record(peerId, m); // the peer announces its load and backend health with every PING
                    if (m.announces()) break; // between heartbeats: nothing to answer
                    ControlMessage pong = loads.heartbeat(ControlMessage.Type.PONG, ownLoad.getAsLong());
                    long sent = m.stamp(0); // our clock beside the peer's, for its one-trip hand-offs (PeerClock)
                    ctx.writeAndFlush(sent == Long.MIN_VALUE ? pong : pong.stamped(sent, System.nanoTime()), ctx.voidPromise());
                }
                case PREPARE -> receiver.prepare(ctx.channel(), m);
                case COMMIT -> receiver.commit(ctx.channel(), m.id(), m.payload());
                case ABORT -> receiver.abort(ctx.channel(), m.id());
                default -> reject(ctx); // replies travel on the links this node opens, never here
            }
        }

        private void reject(ChannelHandlerContext ctx) {
            rejects.count(FrameRejects.Reason.UNEXPECTED_FRAME);
            java.util.logging.Logger.getLogger(ControlServer.class.getName()).warning("control link from "
                    + ctx.channel().remoteAddress() + " (" + peerId + "): unexpected frame, closing");
            ctx.close();
        }

        @Override public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) { ctx.close(); }
    }
}
