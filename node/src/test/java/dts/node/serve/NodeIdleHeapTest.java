package dts.node.serve;

import dts.inspector.http.HeadParser;
import dts.inspector.http.RequestHead;
import dts.inspector.route.Decision;
import dts.node.NodeStats;
import dts.node.conn.Connections;
import dts.splicer.backend.RelayStats;
import dts.splicer.backend.StaticBackend;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A figure, printed and not asserted: heap held per idle keep-alive connection served by the node's
 * embedded backend as the daemon wires it (its ClientConnection, the request gate, the backend's
 * handlers), N connections over loopback from a child JVM; used heap after GC with them, less before,
 * over N. The channel's own objects (Netty's, the socket's) are included.
 */
class NodeIdleHeapTest {
    private static final int N = 2000;
    private static final HeadParser PARSER = HeadParser.create(16 << 10);

    private static final class Rules implements Connections.Placer {
        @Override public Decision decide(RequestHead head, String clientAddress) { return new Decision("node1", 0, "web", Decision.Outcome.ROUTED); }

        @Override public String poolOf(RequestHead head) { return "web"; }
    }

    /** As the inspector hands a connection it kept to the local server (here without reading its first head). */
    @ChannelHandler.Sharable
    private static final class Keep extends ChannelInboundHandlerAdapter {
        private final Connections hub;

        Keep(Connections hub) { this.hub = hub; }

        @Override public void channelActive(ChannelHandlerContext ctx) {
            hub.accepted(ctx.channel()).place("node1", null, System.nanoTime());
        }
    }

    @Test void heapPerIdleConnection(@TempDir Path docroot) throws Exception {
        Files.writeString(docroot.resolve("a.txt"), "hello");
        NodeStats stats = new NodeStats();
        Connections hub = new Connections("node1", stats, new Rules(), pool -> true);
        LocalServer local = new LocalServer(StaticBackend.Config.builder(docroot, "node1").build(), null, 16 << 10,
                new RelayStats(), stats, () -> true);
        hub.wire((c, target, consumed, t0) -> { throw new AssertionError("nothing moves"); }, local);
        local.routeKeepAlive(PARSER);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        try {
            Channel listener = new ServerBootstrap().group(group).channel(EpollServerSocketChannel.class)
                    .childHandler(new Keep(hub)).bind("127.0.0.1", 0).sync().channel();
            int port = ((InetSocketAddress) listener.localAddress()).getPort();
            run(port, 1); // classes loaded, the allocator's first chunks taken
            long before = usedAfterGc();
            long after = run(port, N);
            System.out.printf("node: heap per idle keep-alive connection: %.0f bytes (%d connections, %d -> %d bytes used)%n",
                    (after - before) / (double) N, N, before, after);
            listener.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** Used heap after GC while {@code n} clients hold their idle connections. */
    private static long run(int port, int n) throws Exception {
        Process clients = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), IdleKeepAliveClients.class.getName(),
                Integer.toString(port), Integer.toString(n))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(clients.getInputStream(), StandardCharsets.US_ASCII));
            assertEquals("ready", out.readLine());
            Thread.sleep(500); // every connection idle (and parked, if it is)
            return usedAfterGc();
        } finally {
            clients.getOutputStream().close();
            clients.waitFor();
            Thread.sleep(300); // their closes reached the server
        }
    }

    private static long usedAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
