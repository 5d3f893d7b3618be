package dts.harness.client;

import dts.harness.workload.Manifest;
import dts.harness.workload.Workload;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Servers that misbehave in one specific way; the client must count, not crash. */
class BadServerTest {
    private static final Manifest MANIFEST = Manifest.plan(Workload.of(4).withScale(0.001), 1);

    @Test
    void shortBodiesAreCounted() throws Exception {
        // promises 10 bytes more than it sends, then closes
        Measurement m = against(resp -> "HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\nhello", 20);
        assertEquals(0, m.requests());
        assertEquals(20L, m.errorsByKind().get("short_body"));
    }

    @Test
    void wrongLengthsAndStatusesAreCounted() throws Exception {
        Measurement wrong = against(resp -> "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc", 15);
        assertEquals(15L, wrong.errorsByKind().get("length"));
        Measurement missing = against(resp -> "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", 15);
        assertEquals(15L, missing.errorsByKind().get("status"));
        Measurement garbage = against(resp -> "SPDY/9 what\r\n\r\n", 15);
        assertEquals(15L, garbage.errors(), garbage.errorsByKind().toString());
        assertEquals(0, garbage.requests());
    }

    @Test
    void aKeepAliveConnectionClosedUnderARequestIsRetriedOnceLikeABrowser() throws Exception {
        // answers the first request of each connection, then closes on the second without a byte
        java.util.Map<String, Long> sizes = new java.util.HashMap<>();
        for (Manifest.Entry e : MANIFEST.entries()) sizes.put(e.path(), e.bytes());
        try (ServerSocket ss = new ServerSocket(0, 128, InetAddress.getLoopbackAddress())) {
            Thread t = Thread.ofPlatform().daemon().start(() -> {
                while (!ss.isClosed()) {
                    try (Socket s = ss.accept()) {
                        String path = readHead(s.getInputStream()).split(" ")[1];
                        OutputStream out = s.getOutputStream();
                        out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + sizes.get(path) + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                        out.write(new byte[(int) (long) sizes.get(path)]);
                        out.flush();
                        readHead(s.getInputStream());
                    } catch (IOException | RuntimeException e) {
                        // next connection
                    }
                }
            });
            ClientConfig cfg = ClientConfig.builder(new InetSocketAddress("127.0.0.1", ss.getLocalPort()), 1)
                    .maxRequests(10).durationMillis(60_000).progress(ProgressMode.NEVER).build();
            Measurement m = LoadClient.run(cfg, MANIFEST);
            ss.close();
            t.join();
            assertEquals(0, m.errors(), m.errorsByKind().toString());
            assertEquals(10, m.requests());
            assertEquals(9, m.retries());
        }
    }

    /** Runs {@code n} requests against a one-response-per-connection server answering {@code reply}. */
    private static Measurement against(java.util.function.Function<String, String> reply, int n) throws Exception {
        try (ServerSocket ss = new ServerSocket(0, 128, InetAddress.getLoopbackAddress())) {
            Thread t = Thread.ofPlatform().daemon().start(() -> serve(ss, reply));
            ClientConfig cfg = ClientConfig.builder(new InetSocketAddress("127.0.0.1", ss.getLocalPort()), 3)
                    .maxRequests(n).durationMillis(60_000).progress(ProgressMode.NEVER).build();
            Measurement m = LoadClient.run(cfg, MANIFEST);
            ss.close();
            t.join();
            return m;
        }
    }

    private static void serve(ServerSocket ss, java.util.function.Function<String, String> reply) {
        while (!ss.isClosed()) {
            try (Socket s = ss.accept()) {
                String head = readHead(s.getInputStream());
                OutputStream out = s.getOutputStream();
                out.write(reply.apply(head).getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            } catch (IOException e) {
                // closed at the end of the test
            }
        }
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) break;
            head.append((char) c);
        }
        return head.toString();
    }
}
