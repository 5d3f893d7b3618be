package dts.node.e2e;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A strict little HTTP/1.x client for end-to-end tests: it writes exactly the bytes it is given and
 * reads responses by Content-Length (or to EOF for Connection: close without a length), so a test can
 * check every byte the cluster sends. Sockets are created on the calling thread (enter a netns first).
 */
final class HttpProbe implements AutoCloseable {
    record Response(int status, Map<String, String> headers, byte[] body) {
        String header(String name) { return headers.get(name.toLowerCase(Locale.ROOT)); }
    }

    private final Socket socket;
    private final InputStream in;

    HttpProbe(String host, int port, int timeoutMillis) throws IOException {
        socket = new Socket();
        socket.setSoTimeout(timeoutMillis);
        socket.bind(null); // the client port is known even when the connect fails: its SYN's bucket
        try {
            socket.connect(new InetSocketAddress(host, port), timeoutMillis);
        } catch (IOException e) {
            int clientPort = socket.getLocalPort();
            socket.close();
            throw new IOException(e.getMessage() + " (client port " + clientPort + ", at " + System.currentTimeMillis() + " ms)", e);
        }
        in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
    }

    /** The client's own port (its flow's bucket is computed from it). */
    int localPort() { return socket.getLocalPort(); }

    void send(String raw) throws IOException {
        socket.getOutputStream().write(raw.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

    void shutdownOutput() throws IOException { socket.shutdownOutput(); }

    /** Reads one response; {@code head} = the request was HEAD (no body follows). */
    Response read(boolean head) throws IOException {
        String statusLine = line();
        if (statusLine == null) throw new IOException("connection closed before a response");
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) throw new IOException("bad status line: " + statusLine);
        int status = Integer.parseInt(parts[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String l = line(); l != null && !l.isEmpty(); l = line()) {
            int c = l.indexOf(':');
            if (c > 0) headers.put(l.substring(0, c).trim().toLowerCase(Locale.ROOT), l.substring(c + 1).trim());
        }
        if (head || status == 204 || status == 304) return new Response(status, headers, new byte[0]);
        String cl = headers.get("content-length");
        if (cl != null) return new Response(status, headers, in.readNBytes(Integer.parseInt(cl)));
        return new Response(status, headers, in.readAllBytes());
    }

    /** Reads until EOF and returns how many bytes came (0 = clean close). */
    int drainToEof() throws IOException {
        return in.readAllBytes().length;
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                byte[] a = b.toByteArray();
                int n = a.length > 0 && a[a.length - 1] == '\r' ? a.length - 1 : a.length;
                return new String(a, 0, n, StandardCharsets.ISO_8859_1);
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException { socket.close(); }
}
