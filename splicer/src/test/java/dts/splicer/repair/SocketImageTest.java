package dts.splicer.repair;

import dts.splicer.sys.SysException;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SocketImageTest {
    private static final byte[] UNACKED = ClientSide.random(3000, 11);
    private static final byte[] UNSENT = ClientSide.random(70_000, 12);
    private static final byte[] UNREAD = ClientSide.random(500, 13);
    private static final byte[] CONSUMED = "GET / HTTP/1.1\r\n\r\n".getBytes();

    static SocketImage sample() {
        return new SocketImage(Endpoint.of(new byte[] {(byte) 198, 18, (byte) 200, 10}, 80),
                Endpoint.of(new byte[] {(byte) 198, 18, (byte) 200, 2}, 54321), 0xFFFF_FF00, 0x8000_0001, 1448, 7, 9,
                SocketImage.OPT_SACK | SocketImage.OPT_TIMESTAMPS | SocketImage.OPT_WSCALE, 0x1234_5679,
                new RepairWindow(0x8000_0000, 65535 << 7, 65535 << 7, 131072, 0x7FFF_FFF0), UNACKED, UNSENT, UNREAD, CONSUMED);
    }

    @Test
    void roundTripsThroughBytes() {
        SocketImage img = sample();
        byte[] wire = img.toBytes();
        SocketImage back = SocketImage.fromBytes(wire);
        assertEquals(img, back);
        assertEquals(img.hashCode(), back.hashCode());
        assertArrayEquals(UNSENT, back.unsent());
        assertEquals("198.18.200.10:80", back.local().toString());
        assertEquals(img.sendSeq() - UNACKED.length - UNSENT.length, back.sendUna());
        assertEquals(img.recvSeq() - UNREAD.length - CONSUMED.length, back.recvQueueStart());
        assertArrayEquals(wire, back.toBytes());
        assertTrue(img.toString().contains("unsentBytes=70000"), img.toString());
    }

    @Test
    void copiesByteArraysInAndOut() {
        byte[] consumed = {1, 2, 3};
        SocketImage img = sample().withConsumed(consumed);
        consumed[0] = 9;
        assertEquals(1, img.consumed()[0]);
        img.consumed()[1] = 9;
        assertEquals(2, img.consumed()[1]);
        assertNotEquals(sample(), img);
    }

    @Test
    void rejectsOutOfRangeFieldsWithClearMessages() {
        SocketImage s = sample();
        SysException e = assertThrows(SysException.class, () -> new SocketImage(s.local(), s.remote(), 0, 0, 0,
                0, 0, 0, 0, s.window(), new byte[0], new byte[0], new byte[0], new byte[0]));
        assertEquals("mss: 0 (expected: 1..65535)", e.getMessage());
        e = assertThrows(SysException.class, () -> new SocketImage(s.local(), s.remote(), 0, 0, 1460,
                15, 0, 0, 0, s.window(), new byte[0], new byte[0], new byte[0], new byte[0]));
        assertEquals("sndWscale: 15 (expected: 0..14)", e.getMessage());
        e = assertThrows(SysException.class, () -> new Endpoint(1, 0));
        assertEquals("port: 0 (expected: 1..65535)", e.getMessage());
    }

    @Test
    void rejectsEveryTruncation() {
        byte[] wire = sample().toBytes();
        for (int len = 0; len < wire.length; len += (len < 200 ? 1 : 997)) {
            byte[] cut = java.util.Arrays.copyOf(wire, len);
            assertThrows(SysException.class, () -> SocketImage.fromBytes(cut), "length " + len);
        }
        assertThrows(SysException.class, () -> SocketImage.fromBytes(java.util.Arrays.copyOf(wire, wire.length - 1)));
        assertThrows(SysException.class, () -> SocketImage.fromBytes(null));
    }

    @Test
    void rejectsBadVersionLengthsAndTrailingBytes() {
        byte[] wire = sample().toBytes();
        byte[] v2 = wire.clone();
        v2[0] = 2;
        assertEquals("image version: 2 (expected: 1)", assertThrows(SysException.class, () -> SocketImage.fromBytes(v2)).getMessage());
        byte[] negative = wire.clone();
        ByteBuffer.wrap(negative).putInt(ImageCodec.FIXED_BYTES, -1);
        assertTrue(assertThrows(SysException.class, () -> SocketImage.fromBytes(negative)).getMessage().startsWith("unacked length: 4294967295"));
        byte[] tooLong = wire.clone();
        ByteBuffer.wrap(tooLong).putInt(ImageCodec.FIXED_BYTES, UNACKED.length + 1_000_000);
        assertTrue(assertThrows(SysException.class, () -> SocketImage.fromBytes(tooLong)).getMessage().startsWith("image truncated: unacked"));
        byte[] trailing = java.util.Arrays.copyOf(wire, wire.length + 3);
        assertEquals("image: 3 trailing bytes (expected: 0)", assertThrows(SysException.class, () -> SocketImage.fromBytes(trailing)).getMessage());
        byte[] badMss = wire.clone();
        ByteBuffer.wrap(badMss).putShort(1 + 6 + 6 + 8, (short) 0);
        assertEquals("mss: 0 (expected: 1..65535)", assertThrows(SysException.class, () -> SocketImage.fromBytes(badMss)).getMessage());
    }

    @Test
    void randomCorruptionOnlyEverGivesSysException() {
        byte[] wire = new SocketImage(sample().local(), sample().remote(), 1, 2, 1460, 0, 0, 0, 3, sample().window(),
                new byte[5], new byte[6], new byte[7], new byte[8]).toBytes();
        Random r = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            byte[] b = java.util.Arrays.copyOf(wire, r.nextInt(wire.length + 8));
            for (int k = r.nextInt(4); k >= 0 && b.length > 0; k--) b[r.nextInt(b.length)] = (byte) r.nextInt();
            try {
                SocketImage.fromBytes(b);
            } catch (SysException expected) {
                // the only allowed failure
            }
        }
    }
}
