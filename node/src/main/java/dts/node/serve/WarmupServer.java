package dts.node.serve;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The web server of a {@link Warmup}: on loopback, keep-alive, a fixed answer per {@link Page}, one
 * platform thread per connection (a warm-up opens them one after the other). Not a web server for
 * anything else: it reads a request head up to its blank line and answers by the path alone.
 */
final class WarmupServer implements AutoCloseable {
    /** The warm-up's requests and their answers, byte for byte as the client must receive them. */
    enum Page {
        SMALL("/warmup/small", "Content-Length: 600\r\n", body(600)),
        CHUNKED("/warmup/chunked", "Transfer-Encoding: chunked\r\n", chunked(body(3000), 1000)),
        LARGE("/warmup/large", "Content-Length: 98304\r\n", body(98304)),
        NOT_MODIFIED("/warmup/cached", "", new byte[0]);

        private final String path;
        private final byte[] response;

        Page(String path, String framing, byte[] body) {
            this.path = path;
            String status = body.length == 0 ? "304 Not Modified" : "200 OK";
            byte[] head = ("HTTP/1.1 " + status + "\r\nServer: dts-warmup\r\n" + framing + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
            response = Arrays.copyOf(head, head.length + body.length);
            System.arraycopy(body, 0, response, head.length, body.length);
        }

        byte[] request() {
            return ("GET " + path + " HTTP/1.1\r\nHost: warmup\r\nUser-Agent: dts-warmup\r\nAccept: */*\r\n"
                    + "Accept-Encoding: gzip, deflate\r\nConnection: keep-alive\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        }

        byte[] response() { return response.clone(); }

        static Page of(String path) {
            for (Page p : values()) if (p.path.equals(path)) return p;
            return SMALL;
        }
    }

    private final ServerSocket socket;
    private final java.util.Set<Socket> open = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private WarmupServer(ServerSocket socket) {
        this.socket = socket;
    }

    static WarmupServer start() throws IOException {
        ServerSocket s = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
        WarmupServer w = new WarmupServer(s);
        Thread.ofPlatform().daemon().name("dts-warmup-server").start(w::acceptAll);
        return w;
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.getLocalPort());
    }

    private void acceptAll() {
        while (!socket.isClosed()) {
            try {
                Socket c = socket.accept();
                open.add(c);
                Thread.ofPlatform().daemon().name("dts-warmup-conn").start(() -> {
                    serve(c);
                    open.remove(c);
                });
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private static void serve(Socket c) {
        try (c) {
            c.setTcpNoDelay(true);
            InputStream in = new java.io.BufferedInputStream(c.getInputStream()); // not a read(2) per byte
            var out = c.getOutputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int b;
            int last4 = 0; // the last four bytes read: a head ends at CR LF CR LF
            while ((b = in.read()) >= 0) {
                head.write(b);
                last4 = last4 << 8 | b;
                if (last4 == 0x0d0a0d0a) {
                    String line = head.toString(StandardCharsets.ISO_8859_1);
                    String[] parts = line.substring(0, Math.max(0, line.indexOf('\r'))).split(" ");
                    out.write(Page.of(parts.length > 1 ? parts[1] : "").response);
                    out.flush();
                    head.reset();
                    last4 = 0;
                }
                if (head.size() > 16_384) return;
            }
        } catch (IOException e) {
            // the client left
        }
    }

    /** Stops accepting and closes every connection (the relay's pool sees their ends and lets them go). */
    @Override
    public void close() throws IOException {
        socket.close();
        for (Socket c : open) {
            try {
                c.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private static byte[] body(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) ('a' + i % 26);
        return b;
    }

    private static byte[] chunked(byte[] body, int chunk) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (int at = 0; at < body.length; at += chunk) {
            int n = Math.min(chunk, body.length - at);
            o.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            o.write(body, at, n);
            o.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        o.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        return o.toByteArray();
    }
}
