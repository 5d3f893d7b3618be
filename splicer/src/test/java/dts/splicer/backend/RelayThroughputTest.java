package dts.splicer.backend;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Prints (does not assert) loopback throughput of a 256 MiB response: direct, via splice, via ByteBuf. */
class RelayThroughputTest {
    static final long SIZE_BYTES = 256L << 20;
    static final int RUNS = 3;
    @TempDir static Path tmp;
    static Docroot d;
    static TestServer backend;
    static TestSockets front;
    static EventLoopGroup relayGroup;
    static long relayThreadId;
    static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();
    static long relayCpuNanos;

    @BeforeAll static void start() throws Throwable {
        d = new Docroot(tmp);
        d.sparse("256m.bin", SIZE_BYTES);
        backend = new TestServer(StaticBackend.Config.builder(d.root, "tp").build());
        front = new TestSockets();
        relayGroup = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        relayThreadId = relayGroup.next().submit(() -> Thread.currentThread().threadId()).get();
    }

    @AfterAll static void stop() {
        relayGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        front.close();
        backend.close();
    }

    @Test void throughput256MiB() throws Throwable {
        String req = "GET /256m.bin HTTP/1.1\r\nHost: tp\r\nConnection: close\r\n\r\n";
        BackendRelay.Options splice1m = BackendRelay.Options.defaults();
        BackendRelay.Options splice64k = splice1m.withPipeSizeBytes(64 * 1024);
        BackendRelay.Options bytebuf = splice1m.withMode(BackendRelay.Mode.BYTEBUF);
        for (int warm = 0; warm < 2; warm++) {
            viaRelay(req, splice1m);
            viaRelay(req, bytebuf);
        }
        StringBuilder report = new StringBuilder("256 MiB over loopback, best of " + RUNS
                + " (MiB/s, relay-thread CPU ms per 256 MiB):");
        report.append(String.format(" direct=%.0f MiB/s;", best(() -> direct(req))));
        report.append(measure("splice(1MiB pipes)", () -> viaRelay(req, splice1m)));
        report.append(measure("splice(256KiB pipes)", () -> viaRelay(req, splice1m.withPipeSizeBytes(256 * 1024))));
        report.append(measure("splice(64KiB pipes)", () -> viaRelay(req, splice64k)));
        report.append(measure("bytebuf", () -> viaRelay(req, bytebuf)));
        report.append(measure("http(framing relay, 1MiB pipes)", () -> viaRelay(req, http())));
        System.out.println(report);
    }

    @Test void keepAliveRoundTrips() throws Throwable {
        d.random("4k.bin", 4096, 3);
        long[] best = {Long.MAX_VALUE, Long.MAX_VALUE};
        for (int round = 0; round < 6; round++) {
            for (BackendRelay.Mode mode : BackendRelay.Mode.values()) {
                long nanos = roundTrips(mode, 500);
                if (round >= 2) best[mode.ordinal()] = Math.min(best[mode.ordinal()], nanos);
            }
        }
        long http = Long.MAX_VALUE;
        for (int round = 0; round < 6; round++) {
            long nanos = roundTrips(http(), 500);
            if (round >= 2) http = Math.min(http, nanos);
        }
        System.out.printf("keep-alive GET of 4 KiB, 500 round trips on one relayed connection, mean (best of 4): SPLICE=%.0f µs;"
                + " BYTEBUF=%.0f µs; HTTP(framing relay, pooled backend)=%.0f µs%n", best[0] / 500 / 1e3, best[1] / 500 / 1e3, http / 500 / 1e3);
    }

    /** Hands an accepted fd, whose first {@code consumed} bytes were read, to one relay or the other. */
    interface Starter { io.netty.util.concurrent.Future<RelayOutcome> start(int fd, byte[] consumed); }

    static Starter relay(BackendRelay.Options opts) {
        return (fd, consumed) -> BackendRelay.start(relayGroup.next(), fd, io.netty.buffer.Unpooled.wrappedBuffer(consumed),
                backend.address(), new RelayStats(), opts);
    }

    static Starter http() {
        HttpBackend http = HttpBackend.create(backend.address(), 16 << 10, new RelayStats(), BackendRelay.Options.defaults());
        return (fd, consumed) -> http.serve(relayGroup.next(), fd, consumed, RequestPlacement.LOCAL);
    }

    static byte[] consumed(int fd, int bytes) throws InterruptedException {
        byte[] b = new byte[bytes];
        TestSockets.readPrefix(fd, bytes).readBytes(b);
        return b;
    }

    static long roundTrips(BackendRelay.Mode mode, int count) throws Throwable {
        return roundTrips(relay(BackendRelay.Options.defaults().withMode(mode)), count);
    }

    static long roundTrips(Starter starter, int count) throws Throwable {
        try (Socket s = new Socket()) {
            s.setSoTimeout(10_000);
            s.connect(new InetSocketAddress("127.0.0.1", front.port));
            byte[] req = "GET /4k.bin HTTP/1.1\r\nHost: tp\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
            s.getOutputStream().write(req);
            int fd = front.accept();
            var outcome = starter.start(fd, consumed(fd, req.length));
            var in = new java.io.BufferedInputStream(s.getInputStream());
            RawHttp.read(in, false);
            long t0 = System.nanoTime();
            for (int i = 0; i < count; i++) {
                s.getOutputStream().write(req);
                assertEquals(4096, RawHttp.read(in, false).body().length);
            }
            long nanos = System.nanoTime() - t0;
            s.close();
            outcome.await(10, TimeUnit.SECONDS);
            assertEquals(RelayOutcome.COMPLETED, outcome.getNow());
            return nanos;
        }
    }

    static String measure(String name, Run run) throws Throwable {
        long cpu = Long.MAX_VALUE;
        long bestNanos = Long.MAX_VALUE;
        for (int i = 0; i < RUNS; i++) {
            bestNanos = Math.min(bestNanos, run.nanos());
            cpu = Math.min(cpu, relayCpuNanos);
        }
        return String.format(" %s=%.0f MiB/s %.0f ms CPU;", name, (SIZE_BYTES / 1048576.0) / (bestNanos / 1e9), cpu / 1e6);
    }

    interface Run { long nanos() throws Throwable; }

    static double best(Run run) throws Throwable {
        long bestNanos = Long.MAX_VALUE;
        for (int i = 0; i < RUNS; i++) bestNanos = Math.min(bestNanos, run.nanos());
        return (SIZE_BYTES / 1048576.0) / (bestNanos / 1e9);
    }

    static long direct(String req) throws IOException {
        try (Socket s = new Socket("127.0.0.1", backend.port())) {
            long t0 = System.nanoTime();
            s.getOutputStream().write(req.getBytes(StandardCharsets.ISO_8859_1));
            drain(s.getInputStream());
            return System.nanoTime() - t0;
        }
    }

    static long viaRelay(String req, BackendRelay.Options opts) throws Throwable { return viaRelay(req, relay(opts)); }

    static long viaRelay(String req, Starter starter) throws Throwable {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", front.port));
            long cpu0 = THREADS.getThreadCpuTime(relayThreadId);
            long t0 = System.nanoTime();
            OutputStream out = s.getOutputStream();
            out.write(req.getBytes(StandardCharsets.ISO_8859_1));
            int fd = front.accept();
            var outcome = starter.start(fd, consumed(fd, 16));
            drain(s.getInputStream());
            long nanos = System.nanoTime() - t0;
            s.close();
            outcome.await(10, TimeUnit.SECONDS);
            assertEquals(RelayOutcome.COMPLETED, outcome.getNow());
            relayCpuNanos = THREADS.getThreadCpuTime(relayThreadId) - cpu0;
            return nanos;
        }
    }

    /** Reads the response head and the body to EOF, checking the length. */
    static void drain(InputStream in) throws IOException {
        byte[] buf = new byte[256 * 1024];
        long total = 0;
        for (int n; (n = in.read(buf)) > 0; ) total += n;
        assertEquals(true, total > SIZE_BYTES && total < SIZE_BYTES + 1024, "bytes " + total);
    }
}
