package dts.node.handoff;

import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

class FrameBatchesTest {
    private final FrameRejects rejects = new FrameRejects();

    @Test
    void messagesWrittenBetweenFlushesGoOutAsOneFrameAndComeBackInOrder() {
        EmbeddedChannel out = new EmbeddedChannel(new FrameBatches(rejects));
        out.write(new ControlMessage(ControlMessage.Type.PREPARE, 1, new byte[] {1, 2, 3}));
        out.write(ControlMessage.of(ControlMessage.Type.COMMIT, 2));
        out.write(ControlMessage.text(ControlMessage.Type.FAIL, 3, "no"));
        assertNull(out.readOutbound(), "nothing before the flush");
        out.flush();
        ControlMessage batch = out.readOutbound();
        assertEquals(ControlMessage.Type.BATCH, batch.type());
        assertNull(out.readOutbound(), "one frame");

        EmbeddedChannel in = new EmbeddedChannel(new FrameBatches(rejects));
        in.writeInbound(batch);
        ControlMessage a = in.readInbound();
        ControlMessage b = in.readInbound();
        ControlMessage c = in.readInbound();
        assertEquals(List.of(ControlMessage.Type.PREPARE, ControlMessage.Type.COMMIT, ControlMessage.Type.FAIL), List.of(a.type(), b.type(), c.type()));
        assertEquals(List.of(1L, 2L, 3L), List.of(a.id(), b.id(), c.id()));
        assertArrayEquals(new byte[] {1, 2, 3}, a.payload());
        assertEquals("no", c.text());
        assertEquals(0, rejects.total());
    }

    @Test
    void aSingleMessageGoesAsItself() {
        EmbeddedChannel out = new EmbeddedChannel(new FrameBatches(rejects));
        out.writeAndFlush(ControlMessage.of(ControlMessage.Type.READY, 7));
        ControlMessage m = out.readOutbound();
        assertEquals(ControlMessage.Type.READY, m.type());
    }

    @Test
    void aMalformedOrNestedBatchClosesTheLink() {
        EmbeddedChannel in = new EmbeddedChannel(new FrameBatches(rejects));
        in.writeInbound(new ControlMessage(ControlMessage.Type.BATCH, 0, new byte[] {0, 2, 0, 0, 0, 9}));
        assertFalse(in.isOpen(), "truncated batch: link closed");
        assertEquals(1, rejects.count("malformed"));

        EmbeddedChannel out = new EmbeddedChannel(new FrameBatches(rejects));
        out.write(ControlMessage.of(ControlMessage.Type.COMMIT, 1));
        out.write(ControlMessage.of(ControlMessage.Type.COMMIT, 2));
        out.flush();
        ControlMessage inner = out.readOutbound();
        out.write(inner);
        out.write(ControlMessage.of(ControlMessage.Type.COMMIT, 3));
        out.flush();
        ControlMessage nested = out.readOutbound();
        assertNull(FrameBatches.split(nested.payload()), "a batch inside a batch");
        Random r = new Random(3);
        for (int i = 0; i < 10_000; i++) { // random payloads: split or refused, never an exception
            byte[] p = new byte[r.nextInt(40)];
            r.nextBytes(p);
            FrameBatches.split(p);
        }
    }
}
