package dts.splicer.repair;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The new owner of a migrated socket, as the daemon will be: Netty adopts the fd with
 * {@code new EpollSocketChannel(fd)}, reads the request (re-injected bytes first), and answers
 * {@code pong} to the {@code ping} that follows it.
 */
final class NettyOwner extends ChannelInboundHandlerAdapter implements AutoCloseable {
    private final MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    private final ByteArrayOutputStream inbound = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> request = new CompletableFuture<>();
    private final int requestBytes;
    private final byte[] ping;
    private final byte[] pong;
    private EpollSocketChannel channel;

    NettyOwner(int requestBytes, byte[] ping, byte[] pong) {
        this.requestBytes = requestBytes;
        this.ping = ping.clone();
        this.pong = pong.clone();
    }

    void adopt(int fd) throws InterruptedException {
        channel = new EpollSocketChannel(fd);
        channel.pipeline().addLast(this);
        group.register(channel).sync();
    }

    byte[] awaitRequest() throws Exception { return request.get(30, TimeUnit.SECONDS); }

    void write(byte[] data, int off, int len) throws InterruptedException {
        channel.writeAndFlush(Unpooled.wrappedBuffer(data, off, len)).sync();
    }

    @Override public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf b = (ByteBuf) msg;
        try {
            int before = inbound.size();
            b.readBytes(inbound, b.readableBytes());
            byte[] all = inbound.toByteArray();
            if (!request.isDone() && all.length >= requestBytes) request.complete(Arrays.copyOf(all, requestBytes));
            int end = requestBytes + ping.length;
            if (before < end && all.length >= end) {
                if (Arrays.equals(ping, Arrays.copyOfRange(all, requestBytes, end))) ctx.writeAndFlush(Unpooled.wrappedBuffer(pong));
                else request.obtrudeException(new AssertionError("no ping after the request"));
            }
        } catch (java.io.IOException e) {
            request.completeExceptionally(e);
        } finally {
            b.release();
        }
    }

    @Override public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        request.completeExceptionally(cause);
    }

    @Override public void close() {
        if (channel != null) channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
