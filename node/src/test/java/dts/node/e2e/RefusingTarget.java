package dts.node.e2e;

import dts.splicer.sys.Netns;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TEST DOUBLE of a hand-off target: a control-port server that answers heartbeats and every
 * PREPARE with READY, then refuses every COMMIT with FAIL, as a target does whose held socket expired
 * or would not go live. It restores nothing. Frames as the node's control channel writes them:
 * [u32 length][u8 type][i64 id][payload], types by their order in ControlMessage.Type.
 */
final class RefusingTarget implements AutoCloseable {
    private static final int PING = 1, PONG = 2, PREPARE = 3, READY = 4, FAIL = 5, COMMIT = 6;
    private final ServerSocket server;
    final AtomicInteger prepares = new AtomicInteger();
    final AtomicInteger commitsRefused = new AtomicInteger();

    RefusingTarget(String namespace, String address, int port) {
        server = Netns.call(namespace, () -> new ServerSocket(port, 64, InetAddress.getByName(address)));
        Thread.ofPlatform().daemon().name("refusing-target").start(this::acceptLoop);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread.ofVirtual().start(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s; DataInputStream in = new DataInputStream(s.getInputStream());
             DataOutputStream out = new DataOutputStream(s.getOutputStream())) {
            while (true) {
                int len = in.readInt();
                int type = in.readUnsignedByte();
                long id = in.readLong();
                in.skipNBytes(len - 9);
                switch (type) {
                    case PING -> write(out, PONG, 0, new byte[4]);
                    case PREPARE -> {
                        prepares.incrementAndGet();
                        write(out, READY, id, new byte[0]);
                    }
                    case COMMIT -> {
                        commitsRefused.incrementAndGet();
                        write(out, FAIL, id, "refused by the test double".getBytes());
                    }
                    default -> { }
                }
            }
        } catch (IOException e) {
            // link closed
        }
    }

    private static synchronized void write(DataOutputStream out, int type, long id, byte[] payload) throws IOException {
        out.writeInt(9 + payload.length);
        out.writeByte(type);
        out.writeLong(id);
        out.write(payload);
        out.flush();
    }

    @Override
    public void close() throws IOException { server.close(); }
}
