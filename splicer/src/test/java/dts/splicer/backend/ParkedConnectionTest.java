package dts.splicer.backend;

import io.netty.channel.Channel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An idle keep-alive connection is parked (serving handlers out of the pipeline) and answers as before when it is used again. */
class ParkedConnectionTest {
    private static final List<String> PARKED = List.of("dts-linger", "dts-park");
    private static final List<String> SERVING = List.of("dts-linger", "dts-park", "dts-sent-bytes", "dts-idle", "dts-idle-close",
            "dts-http", "dts-keep-alive", "dts-sequencer", "dts-files");

    @TempDir Path tmp;

    private static String get(String target) { return "GET " + target + " HTTP/1.1\r\nHost: t\r\n\r\n"; }

    private static List<String> handlers(Channel ch) throws Exception {
        return ch.eventLoop().submit(() -> ch.pipeline().names().stream().filter(n -> n.startsWith("dts-")).toList()).get();
    }

    private static List<String> handlersOnceParked(Channel ch) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        List<String> names = handlers(ch);
        while (!names.equals(PARKED) && System.nanoTime() < deadline) {
            Thread.sleep(5);
            names = handlers(ch);
        }
        return names;
    }

    /** Every byte the server sends for {@code requests}, read up to the last of {@code responses} responses (Content-Length bodies). */
    private static byte[] exchange(Socket s, String requests, int responses) throws Exception {
        OutputStream out = s.getOutputStream();
        out.write(requests.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        RecordingStream in = new RecordingStream(s.getInputStream());
        for (int i = 0; i < responses; i++) RawHttp.read(in, false);
        return in.seen.toByteArray();
    }

    /** The same requests on a connection that is never parked: the bytes a parked one must send too (Date aside). */
    private static String withoutDates(byte[] response) {
        return new String(response, StandardCharsets.ISO_8859_1).replaceAll("(?im)^date: [^\\r]*\\r\\n", "");
    }

    @Test void anIdleConnectionIsParkedAndAnswersLaterRequestsAsBefore() throws Exception {
        Docroot docroot = new Docroot(tmp);
        BackendStats stats = new BackendStats();
        try (TestServer server = new TestServer(StaticBackend.Config.builder(docroot.root, "node-7").stats(stats).build());
             Socket s = new Socket("127.0.0.1", server.port());
             Socket fresh = new Socket("127.0.0.1", server.port())) {
            byte[] first = exchange(s, get("/hello.txt"), 1);
            Channel ch = server.accepted.poll(5, TimeUnit.SECONDS);
            assertEquals(PARKED, handlersOnceParked(ch), "parked after its response");

            String pipelined = get("/sub/") + get("/hello.txt");
            byte[] again = exchange(s, get("/hello.txt"), 1);
            assertEquals(withoutDates(first), withoutDates(again), "the next request, after unparking");
            assertEquals(PARKED, handlersOnceParked(ch), "parked again");
            byte[] two = exchange(s, pipelined, 2);
            assertEquals(PARKED, handlersOnceParked(ch), "parked after both");

            // the same bytes on a connection held busy (never idle between its requests)
            byte[] busy = exchange(fresh, get("/hello.txt") + pipelined, 3);
            assertEquals(withoutDates(first) + withoutDates(two), withoutDates(busy), "pipelined pair, byte for byte");
            assertTrue(new String(two, StandardCharsets.ISO_8859_1).contains("sub index\n"));
            assertEquals(0, stats.idleTimeouts(), "nothing timed out");
        }
    }

    @Test void aHeadSplitAcrossWritesIsNotLostWhileParked() throws Exception {
        Docroot docroot = new Docroot(tmp);
        try (TestServer server = new TestServer(StaticBackend.Config.builder(docroot.root, "node-7").build());
             Socket s = new Socket("127.0.0.1", server.port())) {
            byte[] first = exchange(s, get("/hello.txt"), 1);
            Channel ch = server.accepted.poll(5, TimeUnit.SECONDS);
            assertEquals(PARKED, handlersOnceParked(ch));
            s.getOutputStream().write("GET /hello.txt HT".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            Thread.sleep(100);
            assertEquals(SERVING, handlers(ch), "a partial head unparks and stays in the codec");
            byte[] rest = exchange(s, "TP/1.1\r\nHost: t\r\n\r\n", 1);
            assertEquals(withoutDates(first), withoutDates(rest));
        }
    }

    @Test void theIdleTimeoutClosesAParkedConnection() throws Exception {
        Docroot docroot = new Docroot(tmp);
        BackendStats stats = new BackendStats();
        try (TestServer server = new TestServer(StaticBackend.Config.builder(docroot.root, "node-7").stats(stats).idleTimeoutMillis(300).build());
             Socket s = new Socket("127.0.0.1", server.port())) {
            exchange(s, get("/hello.txt"), 1);
            Channel ch = server.accepted.poll(5, TimeUnit.SECONDS);
            assertEquals(PARKED, handlersOnceParked(ch));
            s.setSoTimeout(5000);
            long t0 = System.nanoTime();
            assertEquals(-1, s.getInputStream().read(), "closed by the server");
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertTrue(ch.closeFuture().await(5, TimeUnit.SECONDS), "channel closed");
            assertEquals(1, stats.idleTimeouts());
            assertTrue(millis < 3000, "closed after " + millis + " ms");
        }
    }

    @Test void theClientsFinClosesAParkedConnection() throws Exception {
        Docroot docroot = new Docroot(tmp);
        BackendStats stats = new BackendStats();
        try (TestServer server = new TestServer(StaticBackend.Config.builder(docroot.root, "node-7").stats(stats).build());
             Socket s = new Socket("127.0.0.1", server.port())) {
            exchange(s, get("/hello.txt"), 1);
            Channel ch = server.accepted.poll(5, TimeUnit.SECONDS);
            assertEquals(PARKED, handlersOnceParked(ch));
            s.shutdownOutput();
            s.setSoTimeout(5000);
            assertEquals(-1, s.getInputStream().read(), "closed by the server");
            assertTrue(ch.closeFuture().await(5, TimeUnit.SECONDS), "channel closed");
            assertEquals(0, stats.idleTimeouts());
        }
    }

    /** Keeps a copy of every byte read through it. */
    private static final class RecordingStream extends InputStream {
        final InputStream in;
        final ByteArrayOutputStream seen = new ByteArrayOutputStream();

        RecordingStream(InputStream in) { this.in = in; }

        @Override public int read() throws java.io.IOException {
            int b = in.read();
            if (b >= 0) seen.write(b);
            return b;
        }

        @Override public int read(byte[] b, int off, int len) throws java.io.IOException {
            int n = in.read(b, off, len);
            if (n > 0) seen.write(b, off, n);
            return n;
        }
    }
}
