package dts.splicer.repair;

import dts.splicer.sys.SysException;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SegmentsTest {
    private static final Endpoint SERVER = Endpoint.of(new InetSocketAddress("198.18.0.10", 80));
    private static final Endpoint CLIENT = Endpoint.of(new InetSocketAddress("198.18.0.2", 40000));

    /** A TCP segment client → server with {@code payload}, checksum field left as {@code csum}. */
    static byte[] packet(Endpoint from, Endpoint to, byte[] payload, int csum, int padding) {
        int total = 20 + 20 + payload.length;
        byte[] p = new byte[total + padding];
        p[0] = 0x45;
        p[2] = (byte) (total >>> 8);
        p[3] = (byte) total;
        p[6] = 0x40; // DF
        p[8] = 64;
        p[9] = 6;
        putInt(p, 12, from.ipv4());
        putInt(p, 16, to.ipv4());
        p[20] = (byte) (from.port() >>> 8);
        p[21] = (byte) from.port();
        p[22] = (byte) (to.port() >>> 8);
        p[23] = (byte) to.port();
        putInt(p, 24, 0x11223344);
        putInt(p, 28, 0x55667788);
        p[32] = 0x50;
        p[33] = 0x18; // PSH ACK
        p[34] = (byte) 0xff;
        p[36] = (byte) (csum >>> 8);
        p[37] = (byte) csum;
        System.arraycopy(payload, 0, p, 40, payload.length);
        return p;
    }

    private static void putInt(byte[] p, int off, int v) {
        p[off] = (byte) (v >>> 24);
        p[off + 1] = (byte) (v >>> 16);
        p[off + 2] = (byte) (v >>> 8);
        p[off + 3] = (byte) v;
    }

    /** The one's-complement sum over pseudo-header and segment is 0xffff exactly when the checksum is right. */
    private static boolean checksumValid(byte[] p) {
        long sum = 0;
        for (int i = 12; i < 20; i += 2) sum += ((p[i] & 0xff) << 8) | (p[i + 1] & 0xff);
        sum += 6 + (p.length - 20);
        for (int i = 20; i + 1 < p.length; i += 2) sum += ((p[i] & 0xff) << 8) | (p[i + 1] & 0xff);
        if ((p.length - 20) % 2 != 0) sum += (p[p.length - 1] & 0xff) << 8;
        while ((sum >>> 16) != 0) sum = (sum & 0xffff) + (sum >>> 16);
        return sum == 0xffff;
    }

    @Test
    void aSegmentOfTheFlowGetsAWholeChecksumAndLosesItsPadding() {
        for (int len : new int[] {0, 1, 2, 999, 1448}) {
            byte[] payload = new byte[len];
            new Random(len).nextBytes(payload);
            byte[] d = Segments.deliverable(packet(CLIENT, SERVER, payload, 0x1234, 6), CLIENT, SERVER);
            assertNotNull(d, "payload " + len);
            assertEquals(40 + len, d.length);
            assertEquals(true, checksumValid(d), "checksum, payload " + len);
        }
    }

    @Test
    void anythingButASegmentOfExactlyThisFlowIsRefused() {
        Endpoint other = Endpoint.of(new InetSocketAddress("198.18.0.2", 40001));
        byte[] ok = packet(CLIENT, SERVER, new byte[10], 0, 0);
        assertNull(Segments.deliverable(packet(other, SERVER, new byte[10], 0, 0), CLIENT, SERVER), "another client port");
        assertNull(Segments.deliverable(packet(CLIENT, other, new byte[10], 0, 0), CLIENT, SERVER), "another server");
        byte[] frag = ok.clone();
        frag[6] = 0x20; // MF
        assertNull(Segments.deliverable(frag, CLIENT, SERVER), "a fragment");
        byte[] udp = ok.clone();
        udp[9] = 17;
        assertNull(Segments.deliverable(udp, CLIENT, SERVER), "not TCP");
        byte[] longer = ok.clone();
        longer[3] = (byte) (ok.length + 1);
        assertNull(Segments.deliverable(longer, CLIENT, SERVER), "total length past the bytes");
        byte[] badOffset = ok.clone();
        badOffset[32] = (byte) 0xf0;
        assertNull(Segments.deliverable(badOffset, CLIENT, SERVER), "TCP header past the packet");
        assertNull(Segments.deliverable(new byte[3], CLIENT, SERVER), "three bytes");
        assertEquals(Segments.key(CLIENT.ipv4(), CLIENT.port()), Segments.flowOf(ok, ok.length));
        assertEquals(-1, Segments.flowOf(udp, udp.length));
    }

    @Test
    void theWireFormRoundTripsAndRefusesWhatIsMalformed() {
        List<byte[]> packets = List.of(packet(CLIENT, SERVER, new byte[5], 0, 0), packet(CLIENT, SERVER, new byte[0], 0, 0));
        List<byte[]> back = Segments.decode(Segments.encode(packets));
        assertEquals(2, back.size());
        for (int i = 0; i < 2; i++) assertArrayEquals(packets.get(i), back.get(i));
        assertEquals(0, Segments.decode(new byte[0]).size());
        byte[] wire = Segments.encode(packets);
        assertThrows(SysException.class, () -> Segments.decode(java.util.Arrays.copyOf(wire, wire.length - 1)));
        assertThrows(SysException.class, () -> Segments.decode(java.util.Arrays.copyOf(wire, wire.length + 1)));
        assertThrows(SysException.class, () -> Segments.decode(new byte[] {(byte) 0xff, (byte) 0xff}));
        assertThrows(SysException.class, () -> Segments.decode(new byte[] {1}));
        Random r = new Random(7);
        for (int i = 0; i < 10_000; i++) { // random bytes: refused or decoded, never anything else
            byte[] b = new byte[r.nextInt(40)];
            r.nextBytes(b);
            try {
                Segments.decode(b);
            } catch (SysException expected) {
                // malformed
            }
        }
    }
}
