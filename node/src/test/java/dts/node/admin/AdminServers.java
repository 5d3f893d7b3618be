package dts.node.admin;

import dts.config.ClusterKey;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Admin servers on 127.0.0.1 (ephemeral ports) fed by status doubles, on one control-like loop; closes them all. */
final class AdminServers implements AutoCloseable {
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    private final List<AdminServer> servers = new ArrayList<>();
    private final List<ServerSocket> sockets = new ArrayList<>();

    /** A TEST DOUBLE for drain, undrain and move: refuses each. */
    private static final AdminServer.Operations NO_OPERATIONS = new AdminServer.Operations() {
        @Override public String drain() { throw new IllegalArgumentException("TEST DOUBLE: no drain"); }

        @Override public String undrain() { throw new IllegalArgumentException("TEST DOUBLE: no undrain"); }

        @Override public String move(String to, int count) { throw new IllegalArgumentException("TEST DOUBLE: no move"); }
    };

    /** A node that only answers {@code /status} (and knows no peer). */
    InetSocketAddress peer(String id, Supplier<Map<String, Object>> status) throws InterruptedException {
        return start(new ClusterNodes(id, Map.of()), status).address();
    }

    AdminServer start(ClusterNodes nodes, Supplier<Map<String, Object>> status) throws InterruptedException {
        AdminServer s = AdminServer.bind(group, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), nodes, status,
                () -> "TEST DOUBLE: nothing to reload", NO_OPERATIONS, NodeMetrics.create(), new AdminAuth(ClusterKey.generate()));
        servers.add(s);
        return s;
    }

    /** An address where nothing listens (a port just freed). */
    static InetSocketAddress nobody() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return new InetSocketAddress(s.getInetAddress(), s.getLocalPort());
        }
    }

    /** An address that accepts connections (the kernel's backlog) and never answers. */
    InetSocketAddress silent() throws IOException {
        ServerSocket s = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        sockets.add(s);
        return new InetSocketAddress(s.getInetAddress(), s.getLocalPort());
    }

    /** An address that answers every connection with {@code raw} (an HTTP response, or nothing) and closes it. */
    InetSocketAddress answering(String raw) throws IOException {
        ServerSocket s = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        sockets.add(s);
        Thread.ofVirtual().start(() -> {
            while (!s.isClosed()) {
                try (Socket c = s.accept()) {
                    c.getInputStream().read(new byte[4096]); // the request (small: one read)
                    c.getOutputStream().write(raw.getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) { // closed: the test is over
                }
            }
        });
        return new InetSocketAddress(s.getInetAddress(), s.getLocalPort());
    }

    @Override public void close() throws IOException {
        servers.forEach(AdminServer::close);
        for (ServerSocket s : sockets) s.close();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
