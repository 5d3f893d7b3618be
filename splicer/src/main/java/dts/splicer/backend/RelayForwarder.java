package dts.splicer.backend;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;

/**
 * One direction of the {@link ByteBufRelay}: what this channel reads is written to the peer, and the
 * next read is requested only when that write completed. At this channel's EOF the peer's output is
 * shut down once every earlier write completed (half-close forwarded, nothing lost).
 */
final class RelayForwarder extends ChannelInboundHandlerAdapter {
    private final ByteBufRelay relay;
    private final boolean up;

    /** @param up true on the client channel (client → backend) */
    RelayForwarder(ByteBufRelay relay, boolean up) {
        this.relay = relay;
        this.up = up;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Channel peer = relay.peerOf(ctx.channel());
        long bytes = msg instanceof ByteBuf buf ? buf.readableBytes() : 0;
        peer.writeAndFlush(msg).addListener(f -> {
            if (f.isSuccess()) {
                relay.moved(up, bytes);
                if (!((DuplexChannel) ctx.channel()).isInputShutdown()) ctx.channel().read();
            } else {
                relay.failed(f.cause());
            }
        });
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            Channel peer = relay.peerOf(ctx.channel());
            peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> {
                if (!f.isSuccess()) {
                    relay.failed(f.cause());
                    return;
                }
                // ENOTCONN (the peer reset meanwhile) also ends this direction; the other one sees the error
                ((DuplexChannel) peer).shutdownOutput().addListener(s -> relay.directionDone(up));
            });
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        relay.inactive();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        relay.failed(cause);
    }
}
