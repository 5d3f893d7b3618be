package dts.harness.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;

/** A tiny keep-alive HTTP/1.1 file server (JDK httpserver) that counts what it sent. */
public final class StaticServer implements AutoCloseable {
    public final LongAdder requests = new LongAdder();
    public final LongAdder bodyBytes = new LongAdder();
    private final HttpServer server;
    private final ExecutorService pool;
    private final Path root;

    private StaticServer(HttpServer server, Path root) {
        this.server = server;
        this.root = root;
        this.pool = Executors.newFixedThreadPool(16);
        server.setExecutor(pool);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Serves {@code root} on 127.0.0.1 at an ephemeral port. */
    public static StaticServer start(Path root) throws IOException {
        return new StaticServer(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024), root);
    }

    /** Serves {@code root} on an already made server (e.g. one created inside a namespace). */
    public static StaticServer on(HttpServer server, Path root) {
        return new StaticServer(server, root);
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            requests.increment();
            Path file = root.resolve(ex.getRequestURI().getPath().substring(1)).normalize();
            if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            long size = Files.size(file);
            ex.sendResponseHeaders(200, size);
            try (InputStream in = Files.newInputStream(file); OutputStream out = ex.getResponseBody()) {
                bodyBytes.add(in.transferTo(out));
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
