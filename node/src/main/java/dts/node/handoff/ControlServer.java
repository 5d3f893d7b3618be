package dts.node.handoff;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;

import java.net.InetSocketAddress;
import java.util.function.LongSupplier;

/** Accepts peers' control links: answers heartbeats and hands PREPARE/COMMIT/ABORT to the receiver. */
public final class ControlServer {
    private final Channel channel;

    private ControlServer(Channel channel) { this.channel = channel; }

    public static ControlServer bind(EventLoopGroup group, InetSocketAddress address, LongSupplier ownLoad,
                                     PeerLoads loads, HandoffReceiver receiver) throws InterruptedException {
        ServerBootstrap b = new ServerBootstrap().group(group).channel(EpollServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override protected void initChannel(Channel ch) {
                        ControlCodec.install(ch.pipeline());
                        ch.pipeline().addLast(new Inbound(ownLoad, loads, receiver));
                    }
                });
        return new ControlServer(b.bind(address).sync().channel());
    }

    public void close() { channel.close().syncUninterruptibly(); }

    private static final class Inbound extends SimpleChannelInboundHandler<ControlMessage> {
        private final LongSupplier ownLoad;
        private final PeerLoads loads;
        private final HandoffReceiver receiver;
        private String peerId; // from the link's HELLO

        Inbound(LongSupplier ownLoad, PeerLoads loads, HandoffReceiver receiver) {
            this.ownLoad = ownLoad;
            this.loads = loads;
            this.receiver = receiver;
        }

        @Override protected void channelRead0(ChannelHandlerContext ctx, ControlMessage m) {
            switch (m.type()) {
                case HELLO -> peerId = m.text();
                case PING -> {
                    loads.record(peerId, m.count()); // the peer announces its load with every PING
                    ctx.writeAndFlush(ControlMessage.count(ControlMessage.Type.PONG, ownLoad.getAsLong()), ctx.voidPromise());
                }
                case PREPARE -> receiver.prepare(ctx.channel(), m);
                case COMMIT -> receiver.commit(ctx.channel(), m.id());
                case ABORT -> receiver.abort(ctx.channel(), m.id());
                default -> { } // stray frames: nothing to do
            }
        }

        @Override public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) { ctx.close(); }
    }
}
