package dts.splicer.repair;

import dts.splicer.sys.SysException;

import java.lang.foreign.MemorySegment;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/**
 * Wire form of a {@link SocketImage}, big-endian:
 * <pre>
 * u8  version (1)
 * u32 local ipv4, u16 local port, u32 remote ipv4, u16 remote port
 * u32 sendSeq, u32 recvSeq, u16 mss, u8 sndWscale, u8 rcvWscale, u8 options, u32 tsval
 * u32 x5 window (snd_wl1, snd_wnd, max_window, rcv_wnd, rcv_wup)
 * 4 x (u32 length, bytes): unacked, unsent, unread, consumed
 * </pre>
 * Every queue is at most {@link SocketImage#MAX_QUEUE_BYTES}, so the total fits an array.
 */
final class ImageCodec {
    static final byte VERSION = 1;
    static final int FIXED_BYTES = 1 + 6 + 6 + 4 + 4 + 2 + 1 + 1 + 1 + 4 + 20;
    static final int MIN_BYTES = FIXED_BYTES + 4 * 4;

    private ImageCodec() {}

    static byte[] encode(SocketImage s) {
        MemorySegment[] queues = {s.unackedView(), s.unsentView(), s.unreadView(), s.consumedView()};
        long total = MIN_BYTES;
        for (MemorySegment q : queues) total += q.byteSize();
        byte[] out = new byte[Math.toIntExact(total)];
        ByteBuffer b = ByteBuffer.wrap(out);
        b.put(VERSION);
        b.putInt(s.local().ipv4()).putShort((short) s.local().port());
        b.putInt(s.remote().ipv4()).putShort((short) s.remote().port());
        b.putInt(s.sendSeq()).putInt(s.recvSeq()).putShort((short) s.mss());
        b.put((byte) s.sndWscale()).put((byte) s.rcvWscale()).put((byte) s.options()).putInt(s.tsval());
        RepairWindow w = s.window();
        b.putInt(w.sndWl1()).putInt(w.sndWnd()).putInt(w.maxWindow()).putInt(w.rcvWnd()).putInt(w.rcvWup());
        for (MemorySegment q : queues) {
            int len = (int) q.byteSize();
            b.putInt(len);
            MemorySegment.copy(q, JAVA_BYTE, 0, out, b.position(), len);
            b.position(b.position() + len);
        }
        return out;
    }

    static SocketImage decode(byte[] bytes) {
        if (bytes == null) throw new SysException("image: null");
        if (bytes.length < MIN_BYTES) {
            throw new SysException("image length: " + bytes.length + " bytes (expected: at least " + MIN_BYTES + ")");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        try {
            byte version = b.get();
            if (version != VERSION) throw new SysException("image version: " + version + " (expected: " + VERSION + ")");
            Endpoint local = new Endpoint(b.getInt(), b.getShort() & 0xffff);
            Endpoint remote = new Endpoint(b.getInt(), b.getShort() & 0xffff);
            int sendSeq = b.getInt();
            int recvSeq = b.getInt();
            int mss = b.getShort() & 0xffff;
            int sndWscale = b.get() & 0xff;
            int rcvWscale = b.get() & 0xff;
            int options = b.get() & 0xff;
            int tsval = b.getInt();
            RepairWindow w = new RepairWindow(b.getInt(), b.getInt(), b.getInt(), b.getInt(), b.getInt());
            byte[] unacked = queue(b, "unacked");
            byte[] unsent = queue(b, "unsent");
            byte[] unread = queue(b, "unread");
            byte[] consumed = queue(b, "consumed");
            if (b.hasRemaining()) throw new SysException("image: " + b.remaining() + " trailing bytes (expected: 0)");
            return new SocketImage(local, remote, sendSeq, recvSeq, mss, sndWscale, rcvWscale, options, tsval, w,
                    unacked, unsent, unread, consumed);
        } catch (BufferUnderflowException e) {
            throw new SysException("image truncated at byte " + b.position() + " of " + bytes.length);
        }
    }

    private static byte[] queue(ByteBuffer b, String name) {
        if (b.remaining() < 4) throw new SysException("image truncated: " + name + " length missing at byte " + b.position());
        int len = b.getInt();
        if (len < 0 || len > SocketImage.MAX_QUEUE_BYTES) {
            throw new SysException(name + " length: " + Integer.toUnsignedString(len)
                    + " (expected: 0.." + SocketImage.MAX_QUEUE_BYTES + ")");
        }
        if (len > b.remaining()) {
            throw new SysException("image truncated: " + name + " needs " + len + " bytes, " + b.remaining() + " left");
        }
        byte[] q = new byte[len];
        b.get(q);
        return q;
    }
}
