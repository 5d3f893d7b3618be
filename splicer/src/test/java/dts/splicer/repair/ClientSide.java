package dts.splicer.repair;

import dts.splicer.sys.Netns;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;

/**
 * A plain java.net client of a migrated connection. A reader thread hashes the server's stream
 * and remembers an EOF or an error (a RST shows as "Connection reset"), so a test can assert the
 * client never noticed the hand-off.
 */
final class ClientSide implements AutoCloseable {
    final Socket socket;
    private final MessageDigest digest = sha256();
    private volatile Throwable error;
    private volatile boolean eof;
    private volatile long received;
    private volatile byte[] tail;
    private Thread reader;

    private ClientSide(Socket socket) { this.socket = socket; }

    /** Connects from namespace {@code ns}, optionally from {@code local}, with a 30 s read timeout. */
    static ClientSide connect(String ns, Endpoint local, Endpoint server) {
        return Netns.call(ns, () -> {
            Socket s = new Socket();
            if (local != null) s.bind(local.toSocketAddress());
            s.connect(server.toSocketAddress(), 5_000);
            s.setSoTimeout(30_000);
            return new ClientSide(s);
        });
    }

    int localPort() { return socket.getLocalPort(); }

    InetSocketAddress localAddress() { return (InetSocketAddress) socket.getLocalSocketAddress(); }

    void write(byte[] b) throws IOException { socket.getOutputStream().write(b); }

    /** Starts the reader: {@code streamBytes} bytes into the digest, then {@code tailBytes} kept apart. */
    void startReading(long streamBytes, int tailBytes) {
        reader = Thread.ofPlatform().name("client-reader").start(() -> {
            try {
                InputStream in = socket.getInputStream();
                byte[] buf = new byte[64 << 10];
                while (received < streamBytes) {
                    int n = in.read(buf, 0, (int) Math.min(buf.length, streamBytes - received));
                    if (n < 0) { eof = true; return; }
                    digest.update(buf, 0, n);
                    received += n;
                }
                byte[] t = in.readNBytes(tailBytes);
                if (t.length < tailBytes) eof = true;
                tail = t;
            } catch (Throwable t) {
                error = t;
            }
        });
    }

    /** Fails if the client has seen an EOF or an error (reset) so far. */
    void assertUndisturbed(String when) {
        if (error != null) throw new AssertionError("client saw an error " + when + ": " + error, error);
        if (eof) throw new AssertionError("client saw EOF " + when + " after " + received + " bytes");
        if (socket.isClosed()) throw new AssertionError("client socket closed " + when);
    }

    long received() { return received; }

    /** Waits for the reader; returns the hex SHA-256 of the stream. */
    String awaitStream() throws InterruptedException {
        reader.join(60_000);
        assertUndisturbed("at the end");
        if (reader.isAlive()) throw new AssertionError("client reader still running after " + received + " bytes");
        return HexFormat.of().formatHex(digest.digest());
    }

    byte[] tail() { return tail; }

    @Override public void close() throws IOException { socket.close(); }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha(byte[]... parts) {
        MessageDigest d = sha256();
        for (byte[] p : parts) d.update(p);
        return HexFormat.of().formatHex(d.digest());
    }

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }
}
