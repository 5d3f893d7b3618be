package dts.node.health;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One check against real servers on 127.0.0.1: what passes, what fails and why, and how long it takes. */
@Timeout(30)
class HttpProbeTest {
    private static final long TIMEOUT_MILLIS = 300;
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    private final TestBackends backends = new TestBackends();

    @AfterEach
    void stop() throws Exception {
        backends.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** The check's verdict: null when it passed. */
    private String check(java.net.SocketAddress at) throws Exception {
        CompletableFuture<String> result = new CompletableFuture<>();
        HttpProbe p = new HttpProbe(at, "backend.test:8080", "/health?deep=1", TIMEOUT_MILLIS, group.next());
        group.next().execute(() -> p.run(e -> {
            if (!result.complete(e)) throw new AssertionError("reported twice");
        }));
        return result.get(5, TimeUnit.SECONDS);
    }

    @ParameterizedTest
    @ValueSource(ints = {200, 204, 301, 302, 404, 403})
    void twoThreeAndFourHundredsPass(int status) throws Exception {
        backends.status.set(status);
        assertNull(check(backends.http()));
        assertEquals(List.of("GET /health?deep=1 backend.test:8080"), backends.requests);
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503})
    void fiveHundredsFail(int status) throws Exception {
        backends.status.set(status);
        assertEquals("status " + status, check(backends.http()));
    }

    /** A web server on a Unix stream socket (nginx's {@code listen unix:}): the same check over it. */
    @Test
    void aServerOnAUnixSocketIsCheckedThroughIt(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path path = dir.resolve("web.sock");
        try (java.nio.channels.ServerSocketChannel server = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            server.bind(java.net.UnixDomainSocketAddress.of(path));
            CompletableFuture<String> request = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try (java.nio.channels.SocketChannel c = server.accept()) {
                    java.io.InputStream in = java.nio.channels.Channels.newInputStream(c);
                    StringBuilder head = new StringBuilder();
                    while (!head.toString().endsWith("\r\n\r\n")) head.append((char) in.read());
                    request.complete(head.toString());
                    c.write(java.nio.ByteBuffer.wrap("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes()));
                } catch (java.io.IOException e) {
                    request.completeExceptionally(e);
                }
            });
            assertNull(check(new io.netty.channel.unix.DomainSocketAddress(path.toString())));
            assertTrue(request.get(5, TimeUnit.SECONDS).startsWith("GET /health?deep=1 HTTP/1.0\r\n"), request.get());
        }
        String missing = check(new io.netty.channel.unix.DomainSocketAddress(dir.resolve("nobody.sock").toString()));
        assertEquals("no such socket", missing, "a socket path nobody bound");
    }

    @Test
    void garbageFails() throws Exception {
        assertEquals("not an HTTP status line: \"SSH-2.0-OpenSSH_9.2\"", check(backends.raw("SSH-2.0-OpenSSH_9.2\r\n")));
        assertEquals("not an HTTP status line: \"HTTP/1.1 2OO OK\"", check(backends.raw("HTTP/1.1 2OO OK\r\n\r\n")));
        assertEquals("no status line in the first 512 bytes", check(backends.raw("x".repeat(2000))));
    }

    @Test
    void aRawStatusLineIsEnoughAndNeedsNoReason() throws Exception {
        assertNull(check(backends.raw("HTTP/1.0 200\n")));
    }

    @Test
    void aCloseBeforeOrInsideTheStatusLineFails() throws Exception {
        assertEquals("closed before answering", check(backends.raw(null)));
        assertEquals("closed inside the status line", check(backends.raw("HTTP/1.1 200 O")));
    }

    @Test
    void aClosedPortIsRefusedAtOnce() throws Exception {
        long start = System.nanoTime();
        assertEquals("connection refused", check(TestBackends.closedPort()));
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < TIMEOUT_MILLIS);
    }

    @Test
    void aServerThatNeverAnswersTimesOutAfterTheTimeout() throws Exception {
        long start = System.nanoTime();
        assertEquals("timeout after 300 ms waiting for the status line", check(backends.silent()));
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(took >= TIMEOUT_MILLIS && took < TIMEOUT_MILLIS + 1000, took + " ms");
    }
}
