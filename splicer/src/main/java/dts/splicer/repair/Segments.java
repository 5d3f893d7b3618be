package dts.splicer.repair;

import dts.splicer.sys.SysException;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Client segments held for a frozen connection (IPv4 packets as captured by {@link SegmentTap}):
 * which flow a packet belongs to, whether it may be delivered to a socket of that flow, its TCP
 * checksum made whole again, and the wire form in which a hand-off's source passes them to the
 * target. Pure: bytes in, bytes out. Untrusted input never throws except from {@link #decode}
 * ({@link SysException}, as every decoder of the hand-off protocol).
 */
public final class Segments {
    /** At most this many segments per frozen connection are held (more: the client resends them). */
    public static final int MAX_PER_FLOW = 256;
    /** At most this many bytes of segments per frozen connection are held. */
    public static final int MAX_BYTES_PER_FLOW = 1 << 20;
    private static final int IPPROTO_TCP = 6;

    private Segments() {}

    /** The flow key of an IPv4/TCP packet, {@code (client address << 16) | client port}; -1 if it is not one. */
    static long flowOf(byte[] p, int len) {
        if (len < 20 || (p[0] & 0xf0) != 0x40 || (p[9] & 0xff) != IPPROTO_TCP) return -1;
        int ihl = (p[0] & 0x0f) * 4;
        if (ihl < 20 || len < ihl + 20) return -1;
        return key(int32(p, 12), u16(p, ihl));
    }

    /** The key of a client endpoint (address as a big-endian int). */
    public static long key(int clientAddr, int clientPort) {
        return ((clientAddr & 0xffffffffL) << 16) | (clientPort & 0xffff);
    }

    /**
     * The packet trimmed to its IP total length with its TCP checksum computed afresh (a captured
     * packet may carry only the pseudo-header sum when the sender's NIC, or veth, offloads it), or
     * null unless it is a whole unfragmented IPv4/TCP packet from {@code client} to {@code server}.
     */
    public static byte[] deliverable(byte[] p, Endpoint client, Endpoint server) {
        if (p == null || p.length < 40 || (p[0] & 0xf0) != 0x40 || (p[9] & 0xff) != IPPROTO_TCP) return null;
        int ihl = (p[0] & 0x0f) * 4;
        int total = u16(p, 2);
        if (ihl < 20 || total > p.length || total < ihl + 20) return null;
        if ((u16(p, 6) & 0x3fff) != 0) return null; // a fragment (or more to come)
        int doff = ((p[ihl + 12] & 0xf0) >> 4) * 4;
        if (doff < 20 || ihl + doff > total) return null;
        if (int32(p, 12) != client.ipv4() || u16(p, ihl) != client.port()) return null;
        if (int32(p, 16) != server.ipv4() || u16(p, ihl + 2) != server.port()) return null;
        byte[] out = java.util.Arrays.copyOf(p, total);
        out[ihl + 16] = 0;
        out[ihl + 17] = 0;
        int sum = tcpChecksum(out, ihl, total);
        out[ihl + 16] = (byte) (sum >>> 8);
        out[ihl + 17] = (byte) sum;
        return out;
    }

    /** The TCP checksum of {@code p[ihl..total)} with its IPv4 pseudo-header (checksum field zero). */
    static int tcpChecksum(byte[] p, int ihl, int total) {
        long sum = 0;
        for (int i = 12; i < 20; i += 2) sum += u16(p, i); // source and destination address
        sum += IPPROTO_TCP;
        sum += total - ihl;
        for (int i = ihl; i + 1 < total; i += 2) sum += u16(p, i);
        if (((total - ihl) & 1) != 0) sum += (p[total - 1] & 0xff) << 8;
        while ((sum >>> 16) != 0) sum = (sum & 0xffff) + (sum >>> 16);
        return (int) (~sum & 0xffff);
    }

    /** Wire form: u16 count, then for each a u16 length and the packet. */
    public static byte[] encode(List<byte[]> packets) {
        int n = Math.min(packets.size(), MAX_PER_FLOW);
        int bytes = 2;
        for (int i = 0; i < n; i++) bytes += 2 + packets.get(i).length;
        ByteBuffer b = ByteBuffer.allocate(bytes).putShort((short) n);
        for (int i = 0; i < n; i++) b.putShort((short) packets.get(i).length).put(packets.get(i));
        return b.array();
    }

    /** The packets of {@link #encode}; an empty payload is no packets. Malformed input: {@link SysException}. */
    public static List<byte[]> decode(byte[] wire) {
        if (wire.length == 0) return List.of();
        ByteBuffer b = ByteBuffer.wrap(wire);
        if (b.remaining() < 2) throw new SysException("segments: " + wire.length + " bytes (expected: at least 2)");
        int n = b.getShort() & 0xffff;
        if (n > MAX_PER_FLOW) throw new SysException("segments: " + n + " (expected: at most " + MAX_PER_FLOW + ")");
        List<byte[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            if (b.remaining() < 2) throw new SysException("segments: truncated at " + i + " of " + n);
            int len = b.getShort() & 0xffff;
            if (len > b.remaining()) throw new SysException("segments: packet of " + len + " bytes in " + b.remaining());
            byte[] p = new byte[len];
            b.get(p);
            out.add(p);
        }
        if (b.hasRemaining()) throw new SysException("segments: " + b.remaining() + " trailing bytes");
        return out;
    }

    private static int u16(byte[] p, int off) { return ((p[off] & 0xff) << 8) | (p[off + 1] & 0xff); }

    private static int int32(byte[] p, int off) {
        return ((p[off] & 0xff) << 24) | ((p[off + 1] & 0xff) << 16) | ((p[off + 2] & 0xff) << 8) | (p[off + 3] & 0xff);
    }
}
