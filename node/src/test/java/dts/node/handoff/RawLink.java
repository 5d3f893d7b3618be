package dts.node.handoff;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.Arrays;

import dts.config.ClusterKey;

/**
 * TEST SUPPORT: one end of a control link spoken by hand over a blocking socket (nonce handshake,
 * [u32 len][u64 seq][u8 type][i64 id][payload][MAC] frames), to send what a real node never would.
 */
final class RawLink implements AutoCloseable {
    final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;
    private final boolean client;
    private byte[] sendKey;
    private byte[] recvKey;
    long sendSeq;

    RawLink(Socket socket, boolean client) throws IOException {
        this.socket = socket;
        this.client = client;
        socket.setSoTimeout(5_000);
        in = new DataInputStream(socket.getInputStream());
        out = new DataOutputStream(socket.getOutputStream());
    }

    /** Exchanges nonces and keys both directions with {@code keys}. */
    RawLink handshake(LinkKeys keys) throws IOException {
        byte[] own = LinkKeys.nonce();
        out.writeInt(1 + own.length);
        out.writeByte(LinkKeys.VERSION);
        out.write(own);
        out.flush();
        int len = in.readInt();
        byte[] peer = in.readNBytes(len);
        byte[] peerNonce = Arrays.copyOfRange(peer, 1, peer.length);
        byte[] c = client ? own : peerNonce;
        byte[] s = client ? peerNonce : own;
        sendKey = keys.direction(client, c, s);
        recvKey = keys.direction(!client, c, s);
        return this;
    }

    /** The bytes of one sealed frame, length prefix included. */
    byte[] seal(long seq, ControlMessage.Type type, long id, byte[] payload) {
        ByteBuffer body = ByteBuffer.allocate(8 + 9 + payload.length).putLong(seq).put((byte) type.ordinal()).putLong(id).put(payload);
        byte[] mac = ClusterKey.hmac(sendKey, body.array());
        return ByteBuffer.allocate(4 + body.capacity() + mac.length).putInt(body.capacity() + mac.length)
                .put(body.array()).put(mac).array();
    }

    byte[] send(ControlMessage.Type type, long id, byte[] payload) throws IOException {
        byte[] frame = seal(sendSeq++, type, id, payload);
        raw(frame);
        return frame;
    }

    void raw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The next frame's type after checking its MAC, or null at EOF (the other side closed). */
    ControlMessage.Type read() throws IOException {
        ControlMessage m = readMessage();
        return m == null ? null : m.type();
    }

    private final java.util.ArrayDeque<ControlMessage> unbatched = new java.util.ArrayDeque<>();

    /** The next message after checking its frame's MAC (a BATCH taken apart), or null at EOF (the other side closed). */
    ControlMessage readMessage() throws IOException {
        if (!unbatched.isEmpty()) return unbatched.poll();
        ControlMessage m = readFrame();
        if (m == null || m.type() != ControlMessage.Type.BATCH) return m;
        java.util.List<ControlMessage> inner = FrameBatches.split(m.payload());
        if (inner == null || inner.isEmpty()) throw new IOException("malformed BATCH from the node");
        unbatched.addAll(inner);
        return unbatched.poll();
    }

    private ControlMessage readFrame() throws IOException {
        try {
            int len = in.readInt();
            byte[] f = in.readNBytes(len);
            byte[] mac = ClusterKey.hmac(recvKey, Arrays.copyOf(f, len - 32));
            if (!Arrays.equals(mac, Arrays.copyOfRange(f, len - 32, len))) throw new IOException("bad MAC from the node");
            return new ControlMessage(ControlMessage.Type.values()[f[8]], ByteBuffer.wrap(f, 9, 8).getLong(),
                    Arrays.copyOfRange(f, 17, len - 32));
        } catch (EOFException e) {
            return null;
        }
    }

    /** True once the other side closed the connection. */
    boolean closedByPeer() throws IOException {
        try {
            while (true) if (read() == null) return true;
        } catch (java.net.SocketException e) {
            return true; // reset
        }
    }

    @Override public void close() throws IOException { socket.close(); }
}
