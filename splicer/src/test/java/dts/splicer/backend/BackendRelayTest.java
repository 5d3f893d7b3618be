package dts.splicer.backend;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The relay between a raw client fd and the static backend on a Netty server, in both modes. */
class BackendRelayTest {
    @TempDir static Path tmp;
    static Docroot docroot;
    static TestServer backend;
    static TestSockets front;
    static EventLoopGroup relayGroup;
    static EventLoop loop;
    static String sha1k;
    static String sha16m;

    @BeforeAll static void start() throws Throwable {
        docroot = new Docroot(tmp);
        sha1k = RawHttp.sha256Hex(Files.readAllBytes(docroot.random("1k.bin", 1024, 1)));
        sha16m = RawHttp.sha256Hex(Files.readAllBytes(docroot.random("16m.bin", 16 << 20, 2)));
        backend = new TestServer(StaticBackend.Config.builder(docroot.root, "relay-backend").build());
        front = new TestSockets();
        relayGroup = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        loop = relayGroup.next();
    }

    @AfterAll static void stop() {
        relayGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        front.close();
        backend.close();
    }

    static BackendRelay.Options options(BackendRelay.Mode mode) { return BackendRelay.Options.defaults().withMode(mode); }

    /** A client connected to the front listener, whose first {@code prefixBytes} are taken as the prefix. */
    record Relayed(Socket client, Future<RelayOutcome> outcome) implements AutoCloseable {
        @Override public void close() throws Exception { client.close(); }

        RelayOutcome await() throws InterruptedException {
            assertTrue(outcome.await(10, TimeUnit.SECONDS), "relay did not finish");
            return outcome.getNow();
        }
    }

    static Relayed relay(String request, int prefixBytes, BackendRelay.Options opts, RelayStats stats, InetSocketAddress to,
                         int clientRcvBuf) throws Throwable {
        Socket client = new Socket();
        if (clientRcvBuf > 0) client.setReceiveBufferSize(clientRcvBuf);
        client.setSoTimeout(20_000);
        client.connect(new InetSocketAddress("127.0.0.1", front.port));
        byte[] req = request.getBytes(StandardCharsets.ISO_8859_1);
        OutputStream out = client.getOutputStream();
        out.write(req, 0, prefixBytes);
        int fd = front.accept();
        ByteBuf prefix = TestSockets.readPrefix(fd, prefixBytes);
        out.write(req, prefixBytes, req.length - prefixBytes); // rest waits in the fd's receive queue
        return new Relayed(client, BackendRelay.start(loop, fd, prefix, to, stats, opts));
    }

    static Relayed relay(String request, int prefixBytes, BackendRelay.Mode mode, RelayStats stats) throws Throwable {
        return relay(request, prefixBytes, options(mode), stats, backend.address(), 0);
    }

    static String get(String path, String connection) {
        return "GET " + path + " HTTP/1.1\r\nHost: backend\r\nConnection: " + connection + "\r\n\r\n";
    }

    @ParameterizedTest @EnumSource(BackendRelay.Mode.class)
    void closeResponsesArriveCompleteManyTimes(BackendRelay.Mode mode) throws Throwable {
        RelayStats stats = new RelayStats();
        for (int i = 0; i < 20; i++) {
            for (String[] file : new String[][] {{"/1k.bin", sha1k, "1024"}, {"/16m.bin", sha16m, String.valueOf(16 << 20)}}) {
                try (Relayed r = relay(get(file[0], "close"), 10, mode, stats)) {
                    InputStream in = r.client().getInputStream();
                    String[] resp = RawHttp.readHashed(in);
                    assertEquals("200", resp[0]);
                    assertEquals(file[2], resp[1], "run " + i + " " + file[0]);
                    assertEquals(file[1], resp[2], "run " + i + " " + file[0]);
                    assertEquals(-1, in.read(), "EOF after a Connection: close response");
                    r.client().close();
                    assertEquals(RelayOutcome.COMPLETED, r.await());
                }
            }
        }
        assertEquals(40, stats.outcomes(RelayOutcome.COMPLETED), stats.toString());
        assertTrue(stats.bytesBackendToClient() > 20L * (16 << 20), stats.toString());
    }

    @ParameterizedTest @EnumSource(BackendRelay.Mode.class)
    void keepAliveServesSeveralRequests(BackendRelay.Mode mode) throws Throwable {
        RelayStats stats = new RelayStats();
        try (Relayed r = relay(get("/hello.txt", "keep-alive"), 20, mode, stats)) {
            InputStream in = r.client().getInputStream();
            OutputStream out = r.client().getOutputStream();
            assertEquals(Docroot.HELLO, RawHttp.read(in, false).text());
            out.write(get("/16m.bin", "keep-alive").getBytes(StandardCharsets.ISO_8859_1));
            assertEquals(sha16m, RawHttp.readHashed(in)[2]);
            out.write((get("/1k.bin", "keep-alive") + get("/sub/", "keep-alive")).getBytes(StandardCharsets.ISO_8859_1));
            assertEquals(sha1k, RawHttp.readHashed(in)[2]);
            assertEquals("sub index\n", RawHttp.read(in, false).text());
            r.client().close();
            assertEquals(RelayOutcome.COMPLETED, r.await());
        }
        assertEquals(1, stats.connections());
    }

    @ParameterizedTest @EnumSource(BackendRelay.Mode.class)
    void clientHalfCloseAfterRequestStillGetsFullResponse(BackendRelay.Mode mode) throws Throwable {
        RelayStats stats = new RelayStats();
        for (String connection : new String[] {"keep-alive", "close"}) {
            for (int i = 0; i < 5; i++) {
                try (Relayed r = relay(get("/16m.bin", connection), 7, mode, stats)) {
                    r.client().shutdownOutput();
                    InputStream in = r.client().getInputStream();
                    assertEquals(sha16m, RawHttp.readHashed(in)[2], connection + " run " + i);
                    assertEquals(-1, in.read());
                    assertEquals(RelayOutcome.COMPLETED, r.await());
                }
            }
        }
    }

    @ParameterizedTest @EnumSource(BackendRelay.Mode.class)
    void slowReaderGetsEverythingWithBoundedMemory(BackendRelay.Mode mode) throws Throwable {
        RelayStats stats = new RelayStats();
        AtomicLong maxDirect = new AtomicLong();
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = Thread.ofPlatform().start(() -> {
            while (sampling.get()) {
                maxDirect.accumulateAndGet(((ByteBufAllocatorMetricProvider) ByteBufAllocator.DEFAULT).metric().usedDirectMemory(), Math::max);
                try { Thread.sleep(5); } catch (InterruptedException e) { return; }
            }
        });
        try (Relayed r = relay(get("/16m.bin", "close"), 12, options(mode), stats, backend.address(), 64 * 1024)) {
            InputStream in = r.client().getInputStream();
            var md = RawHttp.sha256();
            RawHttp.Response head = RawHttp.read(in, true);
            long left = Long.parseLong(head.header("content-length"));
            byte[] buf = new byte[32 * 1024];
            while (left > 0) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                assertTrue(n > 0, "EOF with " + left + " bytes left");
                md.update(buf, 0, n);
                left -= n;
                Thread.sleep(0, 300_000);
            }
            assertEquals(sha16m, java.util.HexFormat.of().formatHex(md.digest()));
            assertEquals(-1, in.read());
            r.client().close();
            assertEquals(RelayOutcome.COMPLETED, r.await());
        } finally {
            sampling.set(false);
            sampler.join();
        }
        System.out.printf("slow reader %s: max allocator direct memory %.1f MiB%n", mode, maxDirect.get() / 1048576.0);
        assertTrue(maxDirect.get() < (8 << 20), "memory not bounded: " + maxDirect.get());
    }

    @ParameterizedTest @EnumSource(BackendRelay.Mode.class)
    void backendDownAnswers502(BackendRelay.Mode mode) throws Throwable {
        int deadPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            deadPort = s.getLocalPort();
        }
        RelayStats stats = new RelayStats();
        InetSocketAddress dead = new InetSocketAddress("127.0.0.1", deadPort);
        try (Relayed r = relay(get("/hello.txt", "keep-alive"), 10, options(mode), stats, dead, 0)) {
            InputStream in = r.client().getInputStream();
            RawHttp.Response resp = RawHttp.read(in, false);
            assertEquals(502, resp.status());
            assertEquals("close", resp.header("connection"));
            assertEquals(-1, in.read());
            r.client().close();
            assertEquals(RelayOutcome.BAD_GATEWAY, r.await());
        }
        assertEquals(1, stats.outcomes(RelayOutcome.BAD_GATEWAY));
    }

    @ParameterizedTest @EnumSource(BackendRelay.Mode.class)
    void clientResetIsCountedAsReset(BackendRelay.Mode mode) throws Throwable {
        RelayStats stats = new RelayStats();
        try (Relayed r = relay(get("/16m.bin", "keep-alive"), 10, mode, stats)) {
            InputStream in = r.client().getInputStream();
            RawHttp.read(in, true);
            in.readNBytes(100_000);
            r.client().setSoLinger(true, 0);
            r.client().close();
            assertEquals(RelayOutcome.RESET, r.await());
        }
    }

    @ParameterizedTest @EnumSource(BackendRelay.Mode.class)
    void idleConnectionTimesOut(BackendRelay.Mode mode) throws Throwable {
        RelayStats stats = new RelayStats();
        var opts = options(mode).withIdleTimeoutMillis(300);
        try (Relayed r = relay("GET /hello.txt HTTP/1.1\r\nHost: x\r\n", 10, opts, stats, backend.address(), 0)) {
            assertEquals(RelayOutcome.IDLE_TIMEOUT, r.await());
            assertEquals(1, stats.outcomes(RelayOutcome.IDLE_TIMEOUT));
        }
    }

    @ParameterizedTest @EnumSource(BackendRelay.Mode.class)
    void unusableFdsEndAsIoError(BackendRelay.Mode mode) throws Throwable {
        RelayStats stats = new RelayStats();
        int neverOpenFd = Integer.MAX_VALUE - 1; // EBADF; a recycled small number could belong to another thread
        var closedFd = BackendRelay.start(loop, neverOpenFd, io.netty.buffer.Unpooled.buffer(4).writeInt(1), backend.address(), stats, options(mode));
        assertTrue(closedFd.await(5, TimeUnit.SECONDS));
        assertEquals(RelayOutcome.IO_ERROR, closedFd.getNow());
        assertEquals(1, stats.outcomes(RelayOutcome.IO_ERROR));
    }

    @ParameterizedTest @EnumSource(BackendRelay.Mode.class)
    void noDescriptorLeaks(BackendRelay.Mode mode) throws Throwable {
        RelayStats stats = new RelayStats();
        InetSocketAddress dead;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            dead = new InetSocketAddress("127.0.0.1", s.getLocalPort());
        }
        for (int round = 0; round < 2; round++) {
            long before = openFds();
            for (int i = 0; i < 30; i++) {
                InetSocketAddress to = i % 3 == 0 ? dead : backend.address();
                try (Relayed r = relay(get("/1k.bin", "close"), 5, options(mode), stats, to, 0)) {
                    InputStream in = r.client().getInputStream();
                    in.readAllBytes();
                    r.client().close();
                    r.await();
                }
            }
            Thread.sleep(100); // the backend server closes its side asynchronously
            long after = openFds();
            if (round == 1) assertTrue(after - before <= 2, "fds before " + before + " after " + after + " " + stats);
        }
    }

    static long openFds() throws java.io.IOException {
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }
}
