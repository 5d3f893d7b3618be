package dts.node.e2e;

import dts.config.ClusterKey;
import dts.node.handoff.LinkKeys;
import dts.splicer.sys.Netns;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TEST DOUBLE of a hand-off target: a control-port server that answers heartbeats and every
 * PREPARE with READY, then refuses every COMMIT with FAIL, as a target does whose held socket expired
 * or would not go live. It restores nothing. Frames as the node's control channel writes them: after
 * the nonce exchange ([u32 33][u8 1][nonce], each side), [u32 length][u64 seq][u8 type][i64 id][payload]
 * [HMAC-SHA256 of seq..payload under the direction's key], types by their order in ControlMessage.Type.
 */
final class RefusingTarget implements AutoCloseable {
    private static final int PING = 1, PONG = 2, PREPARE = 3, READY = 4, FAIL = 5, COMMIT = 6, BATCH = 9;
    private final ServerSocket server;
    final AtomicInteger prepares = new AtomicInteger();
    final AtomicInteger commitsRefused = new AtomicInteger();

    private final LinkKeys keys;

    RefusingTarget(String namespace, String address, int port, ClusterKey key) {
        this.keys = new LinkKeys(key);
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
            byte[] own = LinkKeys.nonce();
            out.writeInt(1 + own.length);
            out.writeByte(LinkKeys.VERSION);
            out.write(own);
            out.flush();
            byte[] hello = in.readNBytes(in.readInt());
            Sender send = new Sender(out, keys.direction(false, Arrays.copyOfRange(hello, 1, hello.length), own));
            while (true) {
                int len = in.readInt();
                in.readLong(); // seq: the node's own check is what is under test elsewhere
                int type = in.readUnsignedByte();
                long id = in.readLong();
                byte[] payload = in.readNBytes(len - 8 - 9 - LinkKeys.MAC_BYTES);
                in.skipNBytes(LinkKeys.MAC_BYTES);
                if (type == BATCH) { // several messages in one frame: [u16 count]([u32 length][u8 type][i64 id][payload])...
                    ByteBuffer b = ByteBuffer.wrap(payload);
                    for (int n = b.getShort() & 0xffff; n > 0; n--) {
                        int innerLength = b.getInt();
                        int innerType = b.get() & 0xff;
                        long innerId = b.getLong();
                        b.position(b.position() + innerLength - 9);
                        answer(send, innerType, innerId);
                    }
                } else {
                    answer(send, type, id);
                }
            }
        } catch (IOException e) {
            // link closed
        }
    }

    private void answer(Sender send, int type, long id) throws IOException {
        switch (type) {
            case PING -> send.frame(PONG, 0, new byte[4]);
            case PREPARE -> {
                prepares.incrementAndGet();
                send.frame(READY, id, new byte[0]);
            }
            case COMMIT -> {
                commitsRefused.incrementAndGet();
                send.frame(FAIL, id, "refused by the test double".getBytes());
            }
            default -> { }
        }
    }

    /** Sealed frames of one link, numbered from 0. */
    private static final class Sender {
        private final DataOutputStream out;
        private final byte[] key;
        private long seq;

        Sender(DataOutputStream out, byte[] key) {
            this.out = out;
            this.key = key;
        }

        void frame(int type, long id, byte[] payload) throws IOException {
            byte[] body = ByteBuffer.allocate(8 + 9 + payload.length).putLong(seq++).put((byte) type).putLong(id).put(payload).array();
            out.writeInt(body.length + LinkKeys.MAC_BYTES);
            out.write(body);
            out.write(ClusterKey.hmac(key, body));
            out.flush();
        }
    }

    @Override
    public void close() throws IOException { server.close(); }
}
