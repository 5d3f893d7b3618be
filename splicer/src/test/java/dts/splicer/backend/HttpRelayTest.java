package dts.splicer.backend;

import dts.inspector.http.RequestHead;
import dts.splicer.sys.LibC;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HTTP-aware relay against a scripted web server whose every response is known byte for byte:
 * keep-alive and pipelined sequences of every framing arrive exactly as the server sent them; backend
 * connections are pooled; a later request for elsewhere moves the connection at the response boundary
 * with exactly the unread bytes; bodies and upgrades pin the connection as a tunnel; a dead server is
 * a 502, and a pooled connection the server closed is retried.
 */
class HttpRelayTest {
    static ScriptedServer server;
    static TestSockets front;
    static EventLoopGroup group;
    static EventLoop loop;
    static HttpBackend http;

    @BeforeAll static void start() throws Throwable {
        server = new ScriptedServer();
        front = new TestSockets();
        group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        loop = group.next();
        http = HttpBackend.create(server.address(), 16 << 10, new RelayStats(), BackendRelay.Options.defaults());
    }

    @AfterAll static void stop() throws IOException {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        front.close();
        server.close();
    }

    record Conn(Socket client, Future<RelayOutcome> outcome) implements AutoCloseable {
        @Override public void close() throws IOException { client.close(); }

        RelayOutcome await() throws InterruptedException {
            assertTrue(outcome.await(10, TimeUnit.SECONDS), "relay did not finish");
            return outcome.getNow();
        }
    }

    /** A client whose first request was read by "the inspector" (consumed) and handed to the relay. */
    static Conn connect(String first, RequestPlacement placement, HttpBackend via) throws Throwable {
        Socket client = new Socket();
        client.setSoTimeout(10_000);
        client.connect(new InetSocketAddress("127.0.0.1", front.port));
        byte[] b = first.getBytes(StandardCharsets.ISO_8859_1);
        client.getOutputStream().write(b);
        int fd = front.accept();
        byte[] consumed = new byte[b.length];
        TestSockets.readPrefix(fd, b.length).readBytes(consumed);
        return new Conn(client, via.serve(loop, fd, consumed, placement));
    }

    static String get(String path) { return "GET " + path + " HTTP/1.1\r\nHost: t\r\n\r\n"; }

    static byte[] readExactly(InputStream in, int n) throws IOException {
        byte[] b = in.readNBytes(n);
        assertEquals(n, b.length, "bytes before EOF");
        return b;
    }

    static final List<String> SEQUENCE = List.of("/len/100", "/chunked/300000", "HEAD /len/5000", "/304", "/204",
            "/len/2000000", "/chunked/7", "/len/0", "/100/len/10");

    static String request(String s) {
        return s.startsWith("HEAD ") ? "HEAD " + s.substring(5) + " HTTP/1.1\r\nHost: t\r\n\r\n" : get(s);
    }

    static byte[] expected(List<String> seq) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (String s : seq) b.writeBytes(ScriptedServer.response(s.startsWith("HEAD "), s.startsWith("HEAD ") ? s.substring(5) : s));
        return b.toByteArray();
    }

    @Test void keepAliveSequenceOfEveryFramingIsByteExact() throws Throwable {
        keepAliveSequenceOfEveryFramingIsByteExact(http);
    }

    /** The same through a web server's Unix stream socket (nginx's {@code listen unix:}), one pooled connection for all. */
    @Test void overAUnixSocketTheSequenceIsByteExactAndItsConnectionPooled(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Throwable {
        java.nio.file.Path socket = dir.resolve("web.sock");
        try (ScriptedServer unix = new ScriptedServer().alsoOnUnixSocket(socket)) {
            HttpBackend via = HttpBackend.create(BackendAddress.unix(socket), 16 << 10, new RelayStats(), BackendRelay.Options.defaults());
            keepAliveSequenceOfEveryFramingIsByteExact(via);
            assertEquals(1, unix.accepted.get(), "one backend connection, over the Unix socket");
            assertEquals(1, via.idleBackendConnections(), "pooled after the client left");
        }
    }

    @Test void aUnixSocketNobodyListensOnIsABadGateway(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Throwable {
        HttpBackend via = HttpBackend.create(BackendAddress.unix(dir.resolve("nobody.sock")), 16 << 10, new RelayStats(),
                BackendRelay.Options.defaults());
        try (Conn c = connect(get("/len/10"), RequestPlacement.LOCAL, via)) {
            String answer = new String(c.client().getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(answer.startsWith("HTTP/1.1 502 "), answer);
            c.await();
        }
    }

    private void keepAliveSequenceOfEveryFramingIsByteExact(HttpBackend via) throws Throwable {
        try (Conn c = connect(request(SEQUENCE.get(0)), RequestPlacement.LOCAL, via)) {
            OutputStream out = c.client().getOutputStream();
            InputStream in = c.client().getInputStream();
            for (int i = 0; i < SEQUENCE.size(); i++) {
                if (i > 0) out.write(request(SEQUENCE.get(i)).getBytes(StandardCharsets.ISO_8859_1));
                byte[] want = expected(List.of(SEQUENCE.get(i)));
                assertArrayEquals(want, readExactly(in, want.length), SEQUENCE.get(i));
            }
            c.client().shutdownOutput();
            assertEquals(-1, in.read(), "EOF after the client's");
            assertEquals(RelayOutcome.COMPLETED, c.await());
        }
    }

    /**
     * A request and the client's FIN sent at once: the read that takes the request is shorter than asked,
     * which alone would mean "the socket is empty, wait for an event"; the EOF behind it brings no new
     * event, so the relay must still read it (RDHUP), answer, and close, not wait for its idle timeout.
     */
    @Test void aRequestFollowedAtOnceByTheClientsEofIsAnsweredAndTheConnectionClosed() throws Throwable {
        try (Conn c = connect(get("/len/100"), RequestPlacement.LOCAL, http)) {
            InputStream in = c.client().getInputStream();
            byte[] first = expected(List.of("/len/100"));
            assertArrayEquals(first, readExactly(in, first.length));
            c.client().getOutputStream().write(get("/len/7").getBytes(StandardCharsets.ISO_8859_1));
            c.client().shutdownOutput();
            byte[] second = expected(List.of("/len/7"));
            assertArrayEquals(second, readExactly(in, second.length));
            assertEquals(-1, in.read(), "EOF after the client's");
            assertEquals(RelayOutcome.COMPLETED, c.await());
        }
    }

    /** Keeps every request here and records what the relay reports for counting (on the relay's loop). */
    static final class CountingPlacement implements RequestPlacement {
        final List<String> answered = java.util.Collections.synchronizedList(new ArrayList<>());
        final List<Integer> statuses = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override public Object place(RequestHead head) { return null; }

        @Override public void move(Object target, int clientFd, byte[] unread, long decisionNanos) {
            throw new IllegalStateException("nothing moves");
        }

        @Override public void answering(RequestHead head) { answered.add(head.method() + " " + head.path()); }

        @Override public void responded(int status) { statuses.add(status); }
    }

    @Test void everyRequestAndFinalResponseHeadIsReportedForCounting() throws Throwable {
        CountingPlacement counting = new CountingPlacement();
        try (Conn c = connect(request(SEQUENCE.get(0)), counting, http)) {
            OutputStream out = c.client().getOutputStream();
            InputStream in = c.client().getInputStream();
            for (int i = 0; i < SEQUENCE.size(); i++) {
                if (i > 0) out.write(request(SEQUENCE.get(i)).getBytes(StandardCharsets.ISO_8859_1));
                readExactly(in, expected(List.of(SEQUENCE.get(i))).length);
            }
            c.client().shutdownOutput();
            assertEquals(-1, in.read());
            assertEquals(RelayOutcome.COMPLETED, c.await());
        }
        assertEquals(List.of("GET /len/100", "GET /chunked/300000", "HEAD /len/5000", "GET /304", "GET /204", "GET /len/2000000",
                "GET /chunked/7", "GET /len/0", "GET /100/len/10"), counting.answered, "the first request included");
        assertEquals(List.of(200, 200, 200, 304, 204, 200, 200, 200, 200), counting.statuses, "the interim 100 not reported");
    }

    @Test void aBadGatewayIsReportedAndATunnelsRequestButNotItsResponse() throws Throwable {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        HttpBackend dead = HttpBackend.create(new InetSocketAddress("127.0.0.1", port), 16 << 10, new RelayStats(),
                BackendRelay.Options.defaults());
        CountingPlacement counting = new CountingPlacement();
        try (Conn c = connect(get("/len/1"), counting, dead)) {
            assertTrue(new String(c.client().getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 502 "));
            c.await();
        }
        assertEquals(List.of("GET /len/1"), counting.answered);
        assertEquals(List.of(502), counting.statuses);

        CountingPlacement tunnel = new CountingPlacement();
        try (Conn c = connect("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\n\r\nhi", tunnel, http)) {
            byte[] want = ScriptedServer.echo("hi");
            readExactly(c.client().getInputStream(), want.length);
        }
        assertEquals(List.of("POST /echo"), tunnel.answered);
        assertEquals(List.of(), tunnel.statuses, "a tunnel's bytes are not parsed");
    }

    @Test void pipelinedSequenceIsAnsweredInOrder() throws Throwable {
        try (Conn c = connect(request(SEQUENCE.get(0)), RequestPlacement.LOCAL, http)) {
            StringBuilder rest = new StringBuilder();
            for (String s : SEQUENCE.subList(1, SEQUENCE.size())) rest.append(request(s));
            rest.append("GET /len/3 HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
            c.client().getOutputStream().write(rest.toString().getBytes(StandardCharsets.ISO_8859_1));
            List<String> all = new ArrayList<>(SEQUENCE);
            all.add("/len/3");
            byte[] want = expected(all);
            byte[] got = c.client().getInputStream().readAllBytes(); // Connection: close on the last one
            assertEquals(want.length, got.length);
            assertArrayEquals(want, got);
        }
    }

    @Test void backendConnectionsArePooledAcrossClientConnections() throws Throwable {
        HttpBackend own = HttpBackend.create(server.address(), 16 << 10, new RelayStats(), BackendRelay.Options.defaults());
        int before = server.accepted.get();
        for (int k = 0; k < 3; k++) {
            try (Conn c = connect(get("/len/10"), RequestPlacement.LOCAL, own)) {
                InputStream in = c.client().getInputStream();
                readExactly(in, ScriptedServer.response(false, "/len/10").length);
                c.client().getOutputStream().write(get("/chunked/1000").getBytes(StandardCharsets.ISO_8859_1));
                readExactly(in, ScriptedServer.response(false, "/chunked/1000").length);
                c.client().shutdownOutput();
                assertEquals(-1, in.read());
                c.await();
            }
        }
        assertEquals(1, server.accepted.get() - before, "one backend connection for 6 requests");
        assertEquals(6, own.stats().requests());
        assertEquals(5, own.stats().backendReuses());
    }

    @Test void closeDelimitedBodyEndsTheConnection() throws Throwable {
        try (Conn c = connect(get("/close/500000"), RequestPlacement.LOCAL, http)) {
            byte[] got = c.client().getInputStream().readAllBytes();
            assertArrayEquals(ScriptedServer.response(false, "/close/500000"), got);
            assertEquals(RelayOutcome.COMPLETED, c.await());
        }
    }

    @Test void aRequestForElsewhereMovesAtTheResponseBoundaryWithExactlyTheUnreadBytes() throws Throwable {
        CompletableFuture<byte[]> moved = new CompletableFuture<>();
        RequestPlacement placement = new RequestPlacement() {
            @Override public Object place(RequestHead head) { return head.path().startsWith("/elsewhere") ? "node9" : null; }

            @Override public void move(Object target, int clientFd, byte[] unread, long decisionNanos) {
                try {
                    assertEquals("node9", target);
                    assertEquals(0, LibC.ioctlInt(clientFd, LibC.SIOCOUTQ), "every earlier response acknowledged");
                    send(clientFd, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\nmoved");
                    LibC.close(clientFd);
                    moved.complete(unread);
                } catch (Throwable t) {
                    moved.completeExceptionally(t);
                }
            }
        };
        try (Conn c = connect(get("/len/300000"), placement, http)) {
            String rest = get("/len/20") + get("/elsewhere/x") + get("/len/5");
            c.client().getOutputStream().write(rest.getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = c.client().getInputStream();
            byte[] want = expected(List.of("/len/300000", "/len/20"));
            assertArrayEquals(want, readExactly(in, want.length));
            assertEquals(get("/elsewhere/x") + get("/len/5"), new String(moved.get(10, TimeUnit.SECONDS), StandardCharsets.ISO_8859_1));
            assertEquals(RelayOutcome.MOVED, c.await());
            String tail = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(tail.endsWith("moved"), tail);
        }
    }

    @Test void aRequestWithABodyPinsTheConnectionAsATunnel() throws Throwable {
        String post = "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 11\r\n\r\nhello world";
        try (Conn c = connect(post, RequestPlacement.LOCAL, http)) {
            byte[] want = ScriptedServer.echo("hello world");
            assertArrayEquals(want, readExactly(c.client().getInputStream(), want.length));
            c.client().getOutputStream().write(get("/len/10").getBytes(StandardCharsets.ISO_8859_1)); // still answered
            byte[] next = ScriptedServer.response(false, "/len/10");
            assertArrayEquals(next, readExactly(c.client().getInputStream(), next.length));
        }
    }

    @Test void anUpgradeBecomesAnOpaqueTunnel() throws Throwable {
        String up = "GET /upgrade HTTP/1.1\r\nHost: t\r\nConnection: Upgrade\r\nUpgrade: echo\r\n\r\n";
        try (Conn c = connect(up, RequestPlacement.LOCAL, http)) {
            InputStream in = c.client().getInputStream();
            byte[] head = ScriptedServer.SWITCHING;
            assertArrayEquals(head, readExactly(in, head.length));
            for (int i = 0; i < 5; i++) {
                byte[] frame = ("frame " + i + " ").repeat(100).getBytes(StandardCharsets.ISO_8859_1);
                c.client().getOutputStream().write(frame);
                assertArrayEquals(frame, readExactly(in, frame.length));
            }
        }
    }

    @Test void aDeadServerIsABadGateway() throws Throwable {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        HttpBackend dead = HttpBackend.create(new InetSocketAddress("127.0.0.1", port), 16 << 10, new RelayStats(),
                BackendRelay.Options.defaults());
        try (Conn c = connect(get("/len/1"), RequestPlacement.LOCAL, dead)) {
            String got = new String(c.client().getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(got.startsWith("HTTP/1.1 502 "), got);
            assertEquals(RelayOutcome.BAD_GATEWAY, c.await());
        }
    }

    @Test void aPooledConnectionTheServerClosedIsRetried() throws Throwable {
        HttpBackend own = HttpBackend.create(server.address(), 16 << 10, new RelayStats(), BackendRelay.Options.defaults());
        try (Conn c = connect(get("/len/10"), RequestPlacement.LOCAL, own)) {
            readExactly(c.client().getInputStream(), ScriptedServer.response(false, "/len/10").length);
        }
        server.closeIdleSilently();
        Thread.sleep(100);
        try (Conn c = connect(get("/len/12"), RequestPlacement.LOCAL, own)) {
            byte[] want = ScriptedServer.response(false, "/len/12");
            assertArrayEquals(want, readExactly(c.client().getInputStream(), want.length));
        }
    }

    private static void send(int fd, String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment seg = a.allocateFrom(java.lang.foreign.ValueLayout.JAVA_BYTE, b);
            MemorySegment st = LibC.newCallState(a);
            LibC.setNonBlocking(fd, false);
            long off = 0;
            while (off < b.length) off += Math.max(0, LibC.send(fd, seg.asSlice(off), b.length - off, 0, st));
        }
    }

    static byte[] bytes(String s) { return s.getBytes(StandardCharsets.ISO_8859_1); }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) b.writeBytes(p);
        return b.toByteArray();
    }

    static byte[] pattern(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) ('a' + (i * 7 + i / 251) % 26);
        return b;
    }

    /** A web server whose responses are a pure function of the request line (see {@link #response}). */
    static final class ScriptedServer implements AutoCloseable {
        static final byte[] SWITCHING = bytes("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: echo\r\n\r\n");
        final ServerSocket listener;
        final AtomicInteger accepted = new AtomicInteger();
        final List<Socket> open = java.util.Collections.synchronizedList(new ArrayList<>());

        ScriptedServer() throws IOException {
            listener = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
            Thread.ofPlatform().daemon().name("scripted-server").start(() -> {
                while (!listener.isClosed()) {
                    try {
                        Socket s = listener.accept();
                        accepted.incrementAndGet();
                        open.add(s);
                        Thread.ofVirtual().start(() -> serve(s));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        InetSocketAddress address() { return new InetSocketAddress("127.0.0.1", listener.getLocalPort()); }

        /** Closes every idle connection without a word, as a server's keep-alive timeout does. */
        void closeIdleSilently() throws IOException {
            synchronized (open) {
                for (Socket s : open) s.close();
                open.clear();
            }
        }

        static byte[] echo(String body) {
            return bytes("HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
        }

        /** The exact bytes answered to {@code path} (HEAD: without the body). */
        static byte[] response(boolean head, String path) {
            String[] p = path.split("/");
            return switch (p[1]) {
                case "len" -> {
                    int n = Integer.parseInt(p[2]);
                    byte[] h = bytes("HTTP/1.1 200 OK\r\nContent-Length: " + n + "\r\nX-Path: " + path + "\r\n\r\n");
                    yield head ? h : concat(h, pattern(n));
                }
                case "chunked" -> {
                    int n = Integer.parseInt(p[2]);
                    ByteArrayOutputStream b = new ByteArrayOutputStream();
                    b.writeBytes(bytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"));
                    byte[] body = pattern(n);
                    int off = 0;
                    int size = 1;
                    while (off < n) {
                        int k = Math.min(size, n - off);
                        b.writeBytes(bytes(Integer.toHexString(k) + (size % 3 == 0 ? ";ext=1" : "") + "\r\n"));
                        b.write(body, off, k);
                        b.writeBytes(bytes("\r\n"));
                        off += k;
                        size = size * 5 + 3;
                    }
                    b.writeBytes(bytes("0\r\nX-Trailer: t\r\n\r\n"));
                    yield b.toByteArray();
                }
                case "close" -> concat(bytes("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n"), pattern(Integer.parseInt(p[2])));
                case "204" -> bytes("HTTP/1.1 204 No Content\r\n\r\n");
                case "304" -> bytes("HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\nETag: \"e\"\r\n\r\n");
                case "100" -> concat(bytes("HTTP/1.1 100 Continue\r\n\r\n"), response(head, path.substring(4)));
                default -> bytes("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
            };
        }

        /** A listener on a Unix stream socket at {@code path} too, serving the same script. */
        ScriptedServer alsoOnUnixSocket(java.nio.file.Path path) throws IOException {
            java.nio.channels.ServerSocketChannel unix = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX);
            unix.bind(java.net.UnixDomainSocketAddress.of(path));
            unixListener = unix;
            Thread.ofPlatform().daemon().name("scripted-server-unix").start(() -> {
                while (unix.isOpen()) {
                    try {
                        java.nio.channels.SocketChannel c = unix.accept();
                        accepted.incrementAndGet();
                        Thread.ofVirtual().start(() -> serve(c, java.nio.channels.Channels.newInputStream(c),
                                java.nio.channels.Channels.newOutputStream(c)));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            return this;
        }

        private java.nio.channels.ServerSocketChannel unixListener;

        private void serve(Socket s) {
            try {
                serve(s, s.getInputStream(), s.getOutputStream());
            } catch (IOException e) {
                // closed already
            }
        }

        private void serve(java.io.Closeable s, InputStream input, OutputStream output) {
            try (s; InputStream in = input; OutputStream out = output) {
                while (true) {
                    String head = readHead(in);
                    if (head == null) return;
                    String[] line = head.split("\r\n")[0].split(" ");
                    String path = line[1];
                    if (line[0].equals("POST")) {
                        int len = Integer.parseInt(head.replaceAll("(?s).*Content-Length: (\\d+).*", "$1"));
                        out.write(echo(new String(in.readNBytes(len), StandardCharsets.ISO_8859_1)));
                        continue;
                    }
                    if (path.equals("/upgrade")) {
                        out.write(SWITCHING);
                        in.transferTo(out);
                        return;
                    }
                    out.write(response(line[0].equals("HEAD"), path));
                    out.flush();
                    if (path.startsWith("/close/") || head.contains("Connection: close")) return;
                }
            } catch (IOException e) {
                // the relay closed the connection
            }
        }

        private static String readHead(InputStream in) throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) >= 0) {
                b.write(c);
                byte[] a = b.toByteArray();
                int n = a.length;
                if (n >= 4 && a[n - 4] == '\r' && a[n - 3] == '\n' && a[n - 2] == '\r' && a[n - 1] == '\n') {
                    return b.toString(StandardCharsets.ISO_8859_1);
                }
            }
            return null;
        }

        @Override public void close() throws IOException {
            listener.close();
            if (unixListener != null) unixListener.close();
        }
    }
}
