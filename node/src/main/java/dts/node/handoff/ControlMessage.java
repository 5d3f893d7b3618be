package dts.node.handoff;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.nio.charset.StandardCharsets;

/**
 * One frame of the node-to-node control channel: a type, a hand-off id and a payload.
 * Wire: [u32 length][u64 seq][u8 type][i64 id][payload][32-byte MAC]; the pipeline adds the length,
 * the sequence number and the MAC ({@link ControlCodec}).
 */
public record ControlMessage(Type type, long id, byte[] payload) {
    /**
     * The longest frame a link takes (a PREPARE's socket image: the socket's queues, a few MiB with the
     * kernel's default buffer limits); a longer length prefix closes the link (FrameAuth).
     */
    public static final int MAX_FRAME_BYTES = 16 << 20;
    /** [u8 type][i64 id]. */
    static final int HEADER_BYTES = 9;
    /** The largest payload that fits a frame with its sequence number and MAC. */
    public static final int MAX_PAYLOAD_BYTES = MAX_FRAME_BYTES - 4 - Long.BYTES - HEADER_BYTES - LinkKeys.MAC_BYTES;

    public enum Type {
        /** First control frame on a link (after the nonces): payload = sender's node id. */
        HELLO,
        /** Heartbeat from the link's owner: payload = sender's load (u32), health flags (u8; {@link #heartbeat}). */
        PING,
        /** Heartbeat answer: payload = responder's load (u32), health flags (u8). */
        PONG,
        /** Inspector → target: payload = serialized socket image. */
        PREPARE,
        /** Target → inspector: socket restored, held in repair mode. */
        READY,
        /** Target → inspector: restore failed; payload = reason. */
        FAIL,
        /** Inspector → target: go live; payload = the client segments the frozen socket dropped (Segments' wire form). */
        COMMIT,
        /** Inspector → target: forget the restored socket silently. */
        ABORT,
        /** Target → inspector: the socket is live and served. */
        LIVE,
        /** Either way: several of the above in one frame ({@link FrameBatches}); id 0. */
        BATCH
    }

    public static ControlMessage of(Type type, long id) { return new ControlMessage(type, id, new byte[0]); }

    public static ControlMessage text(Type type, long id, String text) {
        return new ControlMessage(type, id, text.getBytes(StandardCharsets.UTF_8));
    }

    public static ControlMessage count(Type type, long value) {
        byte[] p = {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
        return new ControlMessage(type, 0, p);
    }

    /** Bit of a heartbeat's flags byte: the sender's local web server is down (its checks failed). */
    static final int BACKEND_DOWN = 1;

    /** Bit of a heartbeat's flags byte: the sender is draining (it takes no new connections or requests). */
    static final int DRAINING = 2;

    /**
     * Bit of a PING's flags byte: an announcement of a changed load or state, sent between heartbeats;
     * the receiver records it and sends no PONG (liveness and clocks come from the periodic PINGs).
     */
    static final int ANNOUNCE = 4;

    /** A PING that wants no PONG ({@link #ANNOUNCE}). */
    boolean announces() { return (flags() & ANNOUNCE) != 0; }

    /** A PING or PONG: the sender's load and whether its backend is up (flags byte after the u32 load). */
    public static ControlMessage heartbeat(Type type, long load, boolean backendUp) {
        return heartbeat(type, load, backendUp ? 0 : BACKEND_DOWN);
    }

    /** A PING or PONG: the sender's load and its flags ({@link #BACKEND_DOWN}, {@link #DRAINING}). */
    static ControlMessage heartbeat(Type type, long load, int flags) {
        byte[] p = java.util.Arrays.copyOf(count(type, load).payload, 5);
        p[4] = (byte) flags;
        return new ControlMessage(type, 0, p);
    }

    /** A heartbeat's clock stamps start after its load and flags: a PING's send time, a PONG's echo of it and its own. */
    private static final int STAMPS_AT = 5;

    /**
     * This heartbeat with monotonic clock stamps appended ({@code nanos}: a PING its send time; a PONG
     * the PING's stamp it answers, then its own), from which the link's owner learns the peer's clock
     * ({@link PeerClock}).
     */
    ControlMessage stamped(long... nanos) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(STAMPS_AT + Long.BYTES * nanos.length).put(payload, 0, Math.min(payload.length, STAMPS_AT));
        b.position(STAMPS_AT);
        for (long n : nanos) b.putLong(n);
        return new ControlMessage(type, id, b.array());
    }

    /** The {@code i}-th clock stamp of a heartbeat; {@link Long#MIN_VALUE} when it has none. */
    long stamp(int i) {
        int at = STAMPS_AT + Long.BYTES * i;
        return payload.length < at + Long.BYTES ? Long.MIN_VALUE : java.nio.ByteBuffer.wrap(payload, at, Long.BYTES).getLong();
    }

    /** A heartbeat's flags byte (0 for a 4-byte payload). */
    int flags() { return payload.length < 5 ? 0 : payload[4] & 0xff; }

    /** A heartbeat's drain state: true when its sender takes no new work. */
    public boolean draining() { return (flags() & DRAINING) != 0; }

    /** A heartbeat's health: false only when its flags say the backend is down (a 4-byte payload: up). */
    public boolean backendUp() {
        return payload.length < 5 || (payload[4] & BACKEND_DOWN) == 0;
    }

    public String text() { return new String(payload, StandardCharsets.UTF_8); }

    public int count() {
        if (payload.length < 4) return 0;
        return ((payload[0] & 0xff) << 24) | ((payload[1] & 0xff) << 16) | ((payload[2] & 0xff) << 8) | (payload[3] & 0xff);
    }

    ByteBuf encode(ByteBufAllocator alloc) {
        ByteBuf b = alloc.buffer(9 + payload.length);
        b.writeByte(type.ordinal()).writeLong(id).writeBytes(payload);
        return b;
    }

    /** Decodes a frame without its length prefix; null when the frame is not one of ours. */
    static ControlMessage decode(ByteBuf b) {
        if (b.readableBytes() < 9) return null;
        int t = b.readUnsignedByte();
        if (t >= Type.values().length) return null;
        long id = b.readLong();
        byte[] p = new byte[b.readableBytes()];
        b.readBytes(p);
        return new ControlMessage(Type.values()[t], id, p);
    }
}
