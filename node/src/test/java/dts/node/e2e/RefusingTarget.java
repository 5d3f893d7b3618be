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
 * or would not go live ({@link Behaviour#REFUSE_COMMIT}); or one starved of CPU
 * ({@link Behaviour#FAIL_LATE}): its PONGs carry clock stamps (so its sources send one-trip PREPAREs),
 * and each PREPARE stalls the connection's reader, as a throttled node's loop stalls, before it is
 * refused; the frames after it are answered after it, in order, as a node's loop answers them.
 * It restores nothing. Frames as the node's control channel writes them: after
 * the nonce exchange ([u32 33][u8 1][nonce], each side), [u32 length][u64 seq][u8 type][i64 id][payload]
 * [HMAC-SHA256 of seq..payload under the direction's key], types by their order in ControlMessage.Type.
 */
final class RefusingTarget implements AutoCloseable {
    private static final int PING = 1, PONG = 2, PREPARE = 3, READY = 4, FAIL = 5, COMMIT = 6, BATCH = 9;
    /** How the double answers hand-offs. */
    enum Behaviour { REFUSE_COMMIT, FAIL_LATE }

    /** How long a {@link Behaviour#FAIL_LATE} double stalls on a PREPARE: past its source's deadline (550 ms). */
    static final long STALL_MILLIS = 900;

    private final ServerSocket server;
    private final Behaviour behaviour;
    private final java.util.Set<Socket> links = java.util.concurrent.ConcurrentHashMap.newKeySet();
    final AtomicInteger prepares = new AtomicInteger();
    final AtomicInteger commitsRefused = new AtomicInteger();
    final AtomicInteger preparesFailedLate = new AtomicInteger();

    private final LinkKeys keys;

    RefusingTarget(String namespace, String address, int port, ClusterKey key) {
        this(namespace, address, port, key, Behaviour.REFUSE_COMMIT);
    }

    RefusingTarget(String namespace, String address, int port, ClusterKey key, Behaviour behaviour) {
        this.keys = new LinkKeys(key);
        this.behaviour = behaviour;
        server = Netns.call(namespace, () -> new ServerSocket(port, 64, InetAddress.getByName(address)));
        Thread.ofPlatform().daemon().name("refusing-target").start(this::acceptLoop);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                links.add(s);
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
                        byte[] inner = new byte[innerLength - 9];
                        b.get(inner);
                        answer(send, innerType, innerId, inner);
                    }
                } else {
                    answer(send, type, id, payload);
                }
            }
        } catch (IOException e) {
            // link closed
        }
    }

    private void answer(Sender send, int type, long id, byte[] payload) throws IOException {
        switch (type) {
            case PING -> {
                if (behaviour == Behaviour.REFUSE_COMMIT) {
                    send.frame(PONG, 0, new byte[4]);
                } else if (payload.length < 5 || (payload[4] & 4) == 0) { // an announcement (flag 4) gets no PONG
                    // load 0, flags 0, the PING's stamp echoed, then ours: the source learns our clock
                    long sent = payload.length >= 13 ? ByteBuffer.wrap(payload, 5, 8).getLong() : 0;
                    send.frame(PONG, 0, ByteBuffer.allocate(21).putInt(0).put((byte) 0).putLong(sent).putLong(System.nanoTime()).array());
                }
            }
            case PREPARE -> {
                prepares.incrementAndGet();
                if (behaviour == Behaviour.REFUSE_COMMIT) {
                    send.frame(READY, id, new byte[0]);
                } else {
                    try {
                        Thread.sleep(STALL_MILLIS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    preparesFailedLate.incrementAndGet();
                    send.frame(FAIL, id, "refused late by the test double".getBytes());
                }
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
    public void close() throws IOException {
        server.close();
        for (Socket s : links) s.close(); // the sources' links drop with it, as with a node that goes
    }
}
