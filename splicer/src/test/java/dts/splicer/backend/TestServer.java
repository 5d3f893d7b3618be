package dts.splicer.backend;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.SocketChannel;

import java.net.InetSocketAddress;

/** The static backend on a Netty epoll server at 127.0.0.1:ephemeral. */
final class TestServer implements AutoCloseable {
    final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    final Channel listener;
    /** The server's side of each accepted connection, in order. */
    final java.util.concurrent.BlockingQueue<Channel> accepted = new java.util.concurrent.LinkedBlockingQueue<>();

    TestServer(StaticBackend.Config config) throws InterruptedException {
        listener = new ServerBootstrap()
                .group(group)
                .channel(EpollServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override protected void initChannel(SocketChannel ch) {
                        StaticBackend.install(ch.pipeline(), config);
                        accepted.add(ch);
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
    }

    InetSocketAddress address() { return (InetSocketAddress) listener.localAddress(); }

    int port() { return address().getPort(); }

    @Override public void close() {
        listener.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
