package dts.node.health;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * TEST SUPPORT: servers on 127.0.0.1 for the health checker: a real HTTP server answering a status
 * that the test sets, and raw sockets that answer garbage, never answer, or close at once.
 */
final class TestBackends implements AutoCloseable {
    final AtomicInteger status = new AtomicInteger(200);
    /** "METHOD target host" of each request the HTTP server got. */
    final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();

    InetSocketAddress http() throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        s.createContext("/", ex -> {
            requests.add(ex.getRequestMethod() + " " + ex.getRequestURI() + " " + ex.getRequestHeaders().getFirst("Host"));
            byte[] body = "ok\n".getBytes(StandardCharsets.US_ASCII);
            ex.sendResponseHeaders(status.get(), body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        s.start();
        open.add(() -> s.stop(0));
        return s.getAddress();
    }

    /** Accepts, reads the request, answers {@code reply} and closes (null: closes without a byte). */
    InetSocketAddress raw(String reply) throws IOException {
        return acceptor(c -> {
            c.getInputStream().read(new byte[4096]);
            if (reply != null) c.getOutputStream().write(reply.getBytes(StandardCharsets.ISO_8859_1));
            c.close();
        });
    }

    /** Accepts and never answers (the connections stay open until close()). */
    InetSocketAddress silent() throws IOException {
        return acceptor(c -> open.add(c));
    }

    /** A port nothing listens on. */
    static InetSocketAddress closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return (InetSocketAddress) s.getLocalSocketAddress();
        }
    }

    private interface Conn { void handle(Socket c) throws IOException; }

    private InetSocketAddress acceptor(Conn conn) throws IOException {
        ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        open.add(s);
        Thread t = new Thread(() -> {
            while (!s.isClosed()) {
                try {
                    conn.handle(s.accept());
                } catch (IOException e) {
                    // closed: the test is over
                }
            }
        }, "test-backend");
        t.setDaemon(true);
        t.start();
        return (InetSocketAddress) s.getLocalSocketAddress();
    }

    @Override public void close() throws Exception {
        for (AutoCloseable c : open) c.close();
    }
}
