package dts.node.health;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.util.concurrent.ScheduledFuture;

import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One health check of a web server, non-blocking on {@code loop}: connect, send {@code GET path
 * HTTP/1.0}, read the status line ({@link StatusLine}), close. The whole check, connect included,
 * has {@code timeoutMillis}; it reports exactly once: null when it passed, else why not.
 */
final class HttpProbe {
    /** A status line longer than this is garbage. */
    static final int MAX_LINE_BYTES = 512;
    private final SocketAddress backend;
    private final byte[] request;
    private final long timeoutMillis;
    private final EventLoop loop;

    /** @param backend an {@code InetSocketAddress}, or a {@link DomainSocketAddress} (a Unix stream socket) */
    HttpProbe(SocketAddress backend, String hostHeader, String path, long timeoutMillis, EventLoop loop) {
        this.backend = backend;
        this.request = ("GET " + path + " HTTP/1.0\r\nHost: " + hostHeader + "\r\nUser-Agent: dts-health-check\r\n"
                + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        this.timeoutMillis = timeoutMillis;
        this.loop = loop;
    }

    /** Starts one check; {@code done} runs on the loop. */
    void run(Consumer<String> done) {
        Check check = new Check(done);
        Bootstrap b = new Bootstrap().group(loop)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeoutMillis));
        if (backend instanceof DomainSocketAddress) b.channel(EpollDomainSocketChannel.class);
        else b.channel(EpollSocketChannel.class).option(ChannelOption.TCP_NODELAY, true);
        ChannelFuture f = b.handler(check).connect(backend);
        check.start(f);
    }

    /** The state of one check; every method runs on the loop. */
    private final class Check extends ChannelInboundHandlerAdapter {
        private final Consumer<String> done;
        private final ByteBuf line = Unpooled.buffer(64, MAX_LINE_BYTES);
        private ScheduledFuture<?> timer;
        private Channel channel;
        private boolean finished;

        Check(Consumer<String> done) { this.done = done; }

        void start(ChannelFuture f) {
            channel = f.channel();
            if (finished) return; // the connect failed at once
            timer = loop.schedule(() -> finish("timeout after " + timeoutMillis + " ms"
                    + (channel.isActive() ? " waiting for the status line" : " connecting")), timeoutMillis, TimeUnit.MILLISECONDS);
            f.addListener(x -> {
                if (!x.isSuccess()) finish(describe(x.cause()));
            });
        }

        @Override public void channelActive(ChannelHandlerContext ctx) {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(request)).addListener(w -> {
                if (!w.isSuccess()) finish(describe(w.cause()));
            });
        }

        @Override public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf in = (ByteBuf) msg;
            try {
                while (in.isReadable() && !finished) {
                    byte b = in.readByte();
                    if (b == '\n') {
                        byte[] bytes = new byte[line.readableBytes()];
                        line.readBytes(bytes);
                        finish(StatusLine.judge(bytes));
                    } else if (line.writerIndex() >= MAX_LINE_BYTES) {
                        finish("no status line in the first " + MAX_LINE_BYTES + " bytes");
                    } else {
                        line.writeByte(b);
                    }
                }
            } finally {
                in.release();
            }
        }

        @Override public void channelInactive(ChannelHandlerContext ctx) {
            finish(line.isReadable() ? "closed inside the status line" : "closed before answering");
        }

        @Override public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            finish(describe(cause));
        }

        private void finish(String error) {
            if (finished) return;
            finished = true;
            if (timer != null) timer.cancel(false);
            line.release();
            if (channel != null) channel.close();
            done.accept(error);
        }
    }

    /** A short reason: "connection refused", "timeout connecting", "no such socket", else the exception's own words. */
    private static String describe(Throwable t) {
        String m = String.valueOf(t.getMessage());
        if (m.contains("Connection refused")) return "connection refused";
        if (t instanceof io.netty.channel.ConnectTimeoutException) return "timeout connecting";
        if (t instanceof java.io.FileNotFoundException) return "no such socket"; // a Unix socket path nobody bound
        return t.getClass().getSimpleName() + ": " + m;
    }
}
