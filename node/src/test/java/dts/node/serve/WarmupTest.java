package dts.node.serve;

import dts.inspector.http.HeadParser;
import io.netty.channel.IoEventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The start-up warm-up runs the real request path on loopback: every request answered byte for byte. */
class WarmupTest {
    static MultiThreadIoEventLoopGroup group;

    @BeforeAll static void start() { group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory()); }

    @AfterAll static void stop() { group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly(); }

    @Test void everyRequestIsAnsweredWholeThroughTheRelay() {
        Warmup.Result r = Warmup.run((IoEventLoop) group.next(), HeadParser.create(16_384), 205, 20_000);
        assertEquals(205, r.requests(), "answered byte for byte: " + r);
        assertEquals(0, r.failed(), r.toString());
    }

    @Test void itLeavesNoConnectionOrThreadBehind() throws InterruptedException {
        Warmup.run((IoEventLoop) group.next(), HeadParser.create(16_384), 40, 20_000);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (serverThreads() > 0 && System.nanoTime() < deadline) Thread.sleep(20);
        assertEquals(0, serverThreads(), "the warm-up server's connection threads end with their connections");
    }

    private static long serverThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("dts-warmup")).count();
    }

    @Test void itStopsAtItsTimeLimit() {
        Warmup.Result r = Warmup.run((IoEventLoop) group.next(), HeadParser.create(16_384), 1_000_000, 300);
        assertTrue(r.millis() < 5_000, "bounded by its limit: " + r);
        assertTrue(r.requests() > 0 && r.requests() < 1_000_000, r.toString());
    }

    @Test void aLoopbackConnectionIsMovedAndGivesBackItsRequestEachTime() {
        assertEquals(60, Warmup.moves(60, 20_000), "moves made whole");
    }

    @Test void theWarmupServerAnswersEachPageAsThePageSays() throws IOException {
        try (WarmupServer server = WarmupServer.start(); Socket s = new Socket(InetAddress.getLoopbackAddress(), server.address().getPort())) {
            s.setSoTimeout(5000);
            for (WarmupServer.Page p : WarmupServer.Page.values()) {
                s.getOutputStream().write(p.request());
                byte[] want = p.response();
                assertArrayEquals(want, s.getInputStream().readNBytes(want.length), p.name());
            }
            String chunked = new String(WarmupServer.Page.CHUNKED.response(), StandardCharsets.ISO_8859_1);
            assertTrue(chunked.contains("Transfer-Encoding: chunked\r\n") && chunked.endsWith("\r\n0\r\n\r\n"), chunked.substring(0, 80));
        }
    }
}
