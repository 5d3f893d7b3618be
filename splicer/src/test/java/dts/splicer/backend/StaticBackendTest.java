package dts.splicer.backend;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StaticBackendTest {
    @TempDir static Path tmp;
    static Docroot docroot;
    static BackendStats stats;
    static TestServer server;
    static String bigSha;

    @BeforeAll static void start() throws Exception {
        docroot = new Docroot(tmp);
        bigSha = RawHttp.sha256Hex(Files.readAllBytes(docroot.random("big.bin", 4 << 20, 42)));
        stats = new BackendStats();
        server = new TestServer(StaticBackend.Config.builder(docroot.root, "node-7").stats(stats).idleTimeoutMillis(10_000).build());
    }

    @AfterAll static void stop() { server.close(); }

    /** One request on a fresh connection: expected status, body (null: not checked) and headers (null value: absent). */
    record Case(String name, String request, int status, String body, Map<String, String> headers) {
        @Override public String toString() { return name; }
    }

    static String get(String target, String... headers) {
        return "GET " + target + " HTTP/1.1\r\nHost: t\r\n" + String.join("", Stream.of(headers).map(h -> h + "\r\n").toList()) + "\r\n";
    }

    static Stream<Case> table() {
        return Stream.of(
                new Case("GET file", get("/hello.txt"), 200, Docroot.HELLO,
                        Map.of("content-type", "text/plain", "content-length", "12", "accept-ranges", "bytes")),
                new Case("HEAD file", "HEAD /hello.txt HTTP/1.1\r\nHost: t\r\n\r\n", 200, "", Map.of("content-length", "12")),
                new Case("root index", get("/"), 200, "<h1>root</h1>\n", Map.of("content-type", "text/html")),
                new Case("dir slash index", get("/sub/"), 200, "sub index\n", Map.of()),
                new Case("dir index", get("/sub"), 200, "sub index\n", Map.of()),
                new Case("dir without index", get("/empty/"), 404, null, Map.of()),
                new Case("missing", get("/nope.txt"), 404, null, Map.of()),
                new Case("empty file", get("/zero.txt"), 200, "", Map.of("content-length", "0")),
                new Case("encoded space", get("/a%20b.txt"), 200, "space\n", Map.of()),
                new Case("query ignored", get("/hello.txt?x=1#f"), 200, Docroot.HELLO, Map.of()),
                new Case("absolute form", get("http://example.org/hello.txt"), 200, Docroot.HELLO, Map.of()),
                new Case("dot segments inside", get("/sub/../hello.txt"), 200, Docroot.HELLO, Map.of()),
                new Case("symlink inside", get("/alias.txt"), 200, Docroot.HELLO, Map.of()),
                new Case("traversal", get("/../outside/secret.txt"), 403, null, Map.of()),
                new Case("encoded traversal", get("/%2e%2e/outside/secret.txt"), 403, null, Map.of()),
                new Case("encoded slash traversal", get("/sub%2f..%2f..%2foutside/secret.txt"), 403, null, Map.of()),
                new Case("deep traversal", get("/sub/../../outside/secret.txt"), 403, null, Map.of()),
                new Case("symlink file out", get("/escape.txt"), 403, null, Map.of()),
                new Case("symlink dir out", get("/linkdir/secret.txt"), 403, null, Map.of()),
                new Case("bad escape", get("/%zz"), 400, null, Map.of("connection", "close")),
                new Case("NUL escape", get("/hello.txt%00.html"), 400, null, Map.of("connection", "close")),
                new Case("POST", "POST /hello.txt HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nabcde", 405, null,
                        Map.of("allow", "GET, HEAD")),
                new Case("DELETE", "DELETE /hello.txt HTTP/1.1\r\nHost: t\r\n\r\n", 405, null, Map.of("allow", "GET, HEAD")),
                new Case("range a-b", get("/hello.txt", "Range: bytes=0-4"), 206, "hello", Map.of("content-range", "bytes 0-4/12")),
                new Case("range a-", get("/hello.txt", "Range: bytes=6-"), 206, "world\n", Map.of("content-range", "bytes 6-11/12")),
                new Case("range -n", get("/hello.txt", "Range: bytes=-6"), 206, "world\n", Map.of("content-range", "bytes 6-11/12")),
                new Case("range -n beyond size", get("/hello.txt", "Range: bytes=-100"), 206, Docroot.HELLO,
                        Map.of("content-range", "bytes 0-11/12")),
                new Case("range b clamped", get("/hello.txt", "Range: bytes=6-100"), 206, "world\n", Map.of("content-range", "bytes 6-11/12")),
                new Case("range unsatisfiable", get("/hello.txt", "Range: bytes=12-"), 416, "", Map.of("content-range", "bytes */12")),
                new Case("range -0", get("/hello.txt", "Range: bytes=-0"), 416, "", Map.of("content-range", "bytes */12")),
                new Case("range empty file", get("/zero.txt", "Range: bytes=0-"), 416, "", Map.of("content-range", "bytes */0")),
                new Case("multi-range ignored", get("/hello.txt", "Range: bytes=0-1,3-4"), 200, Docroot.HELLO, Map.of()),
                new Case("reversed range ignored", get("/hello.txt", "Range: bytes=5-2"), 200, Docroot.HELLO, Map.of()),
                new Case("other unit ignored", get("/hello.txt", "Range: items=0-1"), 200, Docroot.HELLO, Map.of()),
                new Case("If-Range mismatch", get("/hello.txt", "Range: bytes=0-4", "If-Range: \"etag\""), 200, Docroot.HELLO, Map.of()),
                new Case("HEAD ignores range", "HEAD /hello.txt HTTP/1.1\r\nHost: t\r\nRange: bytes=0-4\r\n\r\n", 200, "",
                        Map.of("content-length", "12")),
                new Case("malformed", "GARBAGE\r\n\r\n", 400, null, Map.of("connection", "close")),
                new Case("bad version", "GET / HTTP/9.x\r\n\r\n", 400, null, Map.of("connection", "close")),
                new Case("head too large", get("/hello.txt", "X-Big: " + "a".repeat(20_000)), 431, null, Map.of("connection", "close")),
                new Case("line too large", get("/" + "a".repeat(20_000)), 431, null, Map.of("connection", "close")),
                new Case("body too large", "GET /hello.txt HTTP/1.1\r\nHost: t\r\nContent-Length: 100000000\r\n\r\n", 413, null,
                        Map.of("connection", "close")),
                new Case("HTTP/1.0 close", "GET /hello.txt HTTP/1.0\r\n\r\n", 200, Docroot.HELLO, Map.of("connection", "close")),
                new Case("HTTP/1.0 keep-alive", "GET /hello.txt HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", 200, Docroot.HELLO,
                        Map.of("connection", "keep-alive")),
                new Case("HTTP/1.1 close", get("/hello.txt", "Connection: close"), 200, Docroot.HELLO, Map.of("connection", "close")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void requestTable(Case c) throws IOException {
        try (Socket s = connect()) {
            s.getOutputStream().write(c.request().getBytes(StandardCharsets.ISO_8859_1));
            boolean head = c.request().startsWith("HEAD ");
            RawHttp.Response r = RawHttp.read(s.getInputStream(), head);
            assertEquals(c.status(), r.status(), c.name() + " status; headers " + r.headers());
            if (c.body() != null) assertEquals(c.body(), r.text(), c.name() + " body");
            assertEquals("node-7", r.header("x-dts-node"));
            assertNotNull(r.header("date"));
            assertNotNull(r.header("content-length"));
            for (var e : c.headers().entrySet()) {
                assertEquals(e.getValue(), r.header(e.getKey()), c.name() + " header " + e.getKey());
            }
            if (r.status() == 200 || r.status() == 206) assertNotNull(r.header("last-modified"));
            if ("close".equals(r.header("connection"))) {
                assertEquals(-1, s.getInputStream().read(), "closed after the response");
            } else {
                // the connection is still usable
                s.getOutputStream().write(get("/hello.txt").getBytes(StandardCharsets.ISO_8859_1));
                assertEquals(Docroot.HELLO, RawHttp.read(s.getInputStream(), false).text());
            }
        }
    }

    @Test void pipelinedTenRequestsInOneWriteAnsweredInOrder() throws IOException {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 10; i++) b.append(get("/hello.txt", "Range: bytes=" + i + "-" + i));
        try (Socket s = connect()) {
            s.getOutputStream().write(b.toString().getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = s.getInputStream();
            for (int i = 0; i < 10; i++) {
                RawHttp.Response r = RawHttp.read(in, false);
                assertEquals(206, r.status());
                assertEquals(Docroot.HELLO.substring(i, i + 1), r.text(), "response " + i);
            }
        }
    }

    @Test void pipelinedMixWithCloseStopsAfterTheClosingRequest() throws IOException {
        String req = get("/hello.txt") + "HEAD /sub/ HTTP/1.1\r\nHost: t\r\n\r\n" + get("/zero.txt", "Connection: close") + get("/hello.txt");
        try (Socket s = connect()) {
            s.getOutputStream().write(req.getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = s.getInputStream();
            assertEquals(Docroot.HELLO, RawHttp.read(in, false).text());
            RawHttp.Response head = RawHttp.read(in, true);
            assertEquals("10", head.header("content-length"));
            RawHttp.Response last = RawHttp.read(in, false);
            assertEquals("close", last.header("connection"));
            assertEquals(-1, in.read());
        }
    }

    @Test void http10KeepAliveServesSeveral() throws IOException {
        try (Socket s = connect()) {
            for (int i = 0; i < 3; i++) {
                s.getOutputStream().write("GET /hello.txt HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                RawHttp.Response r = RawHttp.read(s.getInputStream(), false);
                assertEquals("keep-alive", r.header("connection"));
                assertEquals(Docroot.HELLO, r.text());
            }
        }
    }

    @Test void bigFileBodyIsIdentical() throws IOException {
        try (Socket s = connect()) {
            s.getOutputStream().write(get("/big.bin").getBytes(StandardCharsets.ISO_8859_1));
            String[] r = RawHttp.readHashed(s.getInputStream());
            assertEquals("200", r[0]);
            assertEquals(String.valueOf(4 << 20), r[1]);
            assertEquals(bigSha, r[2]);
        }
    }

    @Test void bigFileAfterClientHalfCloseIsComplete() throws IOException {
        try (Socket s = connect()) {
            s.getOutputStream().write(get("/big.bin", "Connection: close").getBytes(StandardCharsets.ISO_8859_1));
            s.shutdownOutput();
            String[] r = RawHttp.readHashed(s.getInputStream());
            assertEquals(bigSha, r[2]);
            assertEquals(-1, s.getInputStream().read());
        }
    }

    @Test void pipelinedBigFilesThenHalfCloseWithLateReaderAreComplete() throws Exception {
        for (int run = 0; run < 5; run++) {
            try (Socket s = connect()) {
                s.getOutputStream().write((get("/big.bin") + get("/big.bin") + get("/hello.txt")).getBytes(StandardCharsets.ISO_8859_1));
                s.shutdownOutput();
                Thread.sleep(100);
                InputStream in = s.getInputStream();
                assertEquals(bigSha, RawHttp.readHashed(in)[2], "run " + run);
                Thread.sleep(50);
                assertEquals(bigSha, RawHttp.readHashed(in)[2], "run " + run);
                assertEquals(Docroot.HELLO, RawHttp.read(in, false).text());
                assertEquals(-1, in.read());
            }
        }
    }

    @Test void idleConnectionIsClosedAndCounted() throws Exception {
        BackendStats idleStats = new BackendStats();
        try (TestServer idle = new TestServer(StaticBackend.Config.builder(docroot.root, "idle").stats(idleStats).idleTimeoutMillis(200).build());
             Socket s = new Socket("127.0.0.1", idle.port())) {
            s.setSoTimeout(5_000);
            s.getOutputStream().write("GET /hello.txt HTTP/1.1\r\n".getBytes(StandardCharsets.ISO_8859_1)); // never completed
            long t0 = System.nanoTime();
            assertEquals(-1, s.getInputStream().read());
            assertTrue(System.nanoTime() - t0 < 4_000_000_000L);
            assertEquals(1, idleStats.idleTimeouts());
        }
    }

    @Test void requestSplitAcrossWritesAndSmallBodyDiscarded() throws Exception {
        try (Socket s = connect()) {
            var out = s.getOutputStream();
            out.write("GET /hello.txt HT".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            Thread.sleep(50);
            out.write("TP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\nab".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            Thread.sleep(50);
            out.write(("c" + get("/sub/")).getBytes(StandardCharsets.ISO_8859_1));
            assertEquals(Docroot.HELLO, RawHttp.read(s.getInputStream(), false).text());
            assertEquals("sub index\n", RawHttp.read(s.getInputStream(), false).text());
        }
    }

    @Test void countersMove() throws IOException {
        long before2xx = stats.responses2xx();
        long beforeBytes = stats.bytesSent();
        long beforeBad = stats.badRequests();
        try (Socket s = connect()) {
            s.getOutputStream().write((get("/hello.txt") + "BAD\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            RawHttp.read(s.getInputStream(), false);
            assertEquals(400, RawHttp.read(s.getInputStream(), false).status());
            assertEquals(-1, s.getInputStream().read());
        }
        assertTrue(stats.responses2xx() > before2xx);
        assertTrue(stats.bytesSent() > beforeBytes + 12);
        assertTrue(stats.badRequests() > beforeBad);
    }

    static Socket connect() throws IOException {
        Socket s = new Socket("127.0.0.1", server.port());
        s.setSoTimeout(10_000);
        return s;
    }
}
