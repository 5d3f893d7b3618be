package dts.node.handoff;

import dts.splicer.backend.Resume;
import dts.splicer.repair.Endpoint;
import dts.splicer.repair.RepairWindow;
import dts.splicer.repair.SocketImage;
import dts.splicer.sys.SysException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PreparePayloadTest {
    private static final SocketImage IMAGE = new SocketImage(Endpoint.of(new byte[] {(byte) 198, 18, 0, 10}, 80),
            Endpoint.of(new byte[] {(byte) 198, 18, 0, 2}, 40000), 1000, 2000, 1448, 7, 7,
            SocketImage.OPT_SACK | SocketImage.OPT_TIMESTAMPS | SocketImage.OPT_WSCALE, 77,
            new RepairWindow(1000, 65535, 65535, 65535, 2000), new byte[3], new byte[0], new byte[5], new byte[7]);
    private static final Resume RESUME = new Resume("GET /a HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 10, 100, "\"etag\"");

    @Test
    void theFlagAndTheResumeRoundTrip() {
        PreparePayload live = PreparePayload.decode(new PreparePayload(IMAGE, true, null).encode());
        assertEquals(IMAGE, live.image());
        assertTrue(live.holdSegments());
        assertNull(live.resume());
        PreparePayload request = PreparePayload.decode(new PreparePayload(IMAGE, false, RESUME).encode());
        assertFalse(request.holdSegments());
        assertEquals(RESUME.offset(), request.resume().offset());
        assertEquals(RESUME.validator(), request.resume().validator());
    }

    @Test
    void aOneTripPrepareCarriesItsDeadlineAndDecision() {
        PreparePayload p = PreparePayload.decode(PreparePayload.oneTrip(IMAGE, -5L, Long.MAX_VALUE, RESUME).encode());
        assertTrue(p.oneTrip());
        assertFalse(p.holdSegments());
        assertEquals(-5L, p.liveBeforeNanos());
        assertEquals(Long.MAX_VALUE, p.decisionNanos());
        assertEquals(IMAGE, p.image());
        assertEquals(RESUME.offset(), p.resume().offset());
        assertFalse(PreparePayload.decode(new PreparePayload(IMAGE, false, null).encode()).oneTrip());
    }

    @Test
    void malformedPayloadsAreRefused() {
        byte[] ok = new PreparePayload(IMAGE, false, null).encode();
        byte[] unknownFlag = ok.clone();
        unknownFlag[0] = 4;
        assertThrows(SysException.class, () -> PreparePayload.decode(unknownFlag));
        byte[] holdAndOneTrip = PreparePayload.oneTrip(IMAGE, 1, 1, null).encode();
        holdAndOneTrip[0] = 3; // a live move always takes two phases: its COMMIT carries the held segments
        assertThrows(SysException.class, () -> PreparePayload.decode(holdAndOneTrip));
        byte[] shortOneTrip = {2, 0, 0, 0, 0, 0, 0, 0, 0};
        assertThrows(SysException.class, () -> PreparePayload.decode(shortOneTrip));
        assertThrows(SysException.class, () -> PreparePayload.decode(new byte[4]));
        byte[] longImage = ok.clone();
        longImage[1] = 0x7f;
        assertThrows(SysException.class, () -> PreparePayload.decode(longImage));
        byte[] negative = ok.clone();
        negative[1] = (byte) 0x80;
        assertThrows(SysException.class, () -> PreparePayload.decode(negative));
    }
}
