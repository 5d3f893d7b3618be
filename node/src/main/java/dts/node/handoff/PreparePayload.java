package dts.node.handoff;

import dts.splicer.backend.Resume;
import dts.splicer.repair.SocketImage;
import dts.splicer.sys.SysException;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A PREPARE's payload: the socket image; whether both ends hold the client's segments while the
 * socket is frozen ({@code holdSegments}: a live move, whose client may send at any moment); for a
 * one-trip hand-off ({@link #oneTrip}), the instant in the target's clock until which it may go live
 * at once without waiting for a COMMIT ({@code liveBeforeNanos}) and the decision's instant in that
 * clock (for the latency figure); and, for a connection cut mid-response, what the target needs to
 * continue it ({@link Resume}). Wire form: u8 flags (bit 0: hold segments, bit 1: one trip), with
 * bit 1 two i64 (live-before, decision), u32 image length, the image, then the resume's bytes (none
 * when there is no resume). Malformed input gives a {@link SysException}.
 */
record PreparePayload(SocketImage image, boolean holdSegments, boolean oneTrip, long liveBeforeNanos, long decisionNanos,
                      Resume resume) {
    private static final int HOLD_SEGMENTS = 1;
    private static final int ONE_TRIP = 2;

    /** A two-phase PREPARE (READY, then COMMIT). */
    PreparePayload(SocketImage image, boolean holdSegments, Resume resume) {
        this(image, holdSegments, false, 0, 0, resume);
    }

    /** A one-trip PREPARE: the target goes live at once if it is still before {@code liveBeforeNanos}, its clock. */
    static PreparePayload oneTrip(SocketImage image, long liveBeforeNanos, long decisionNanos, Resume resume) {
        return new PreparePayload(image, false, true, liveBeforeNanos, decisionNanos, resume);
    }

    byte[] encode() {
        byte[] img = image.toBytes();
        byte[] r = resume == null ? new byte[0] : resume.encode();
        int flags = (holdSegments ? HOLD_SEGMENTS : 0) | (oneTrip ? ONE_TRIP : 0);
        ByteBuffer b = ByteBuffer.allocate(1 + (oneTrip ? 2 * Long.BYTES : 0) + Integer.BYTES + img.length + r.length).put((byte) flags);
        if (oneTrip) b.putLong(liveBeforeNanos).putLong(decisionNanos);
        return b.putInt(img.length).put(img).put(r).array();
    }

    static PreparePayload decode(byte[] b) {
        if (b.length < 1 + Integer.BYTES) throw new SysException("PREPARE: " + b.length + " bytes (expected: at least " + (1 + Integer.BYTES) + ")");
        ByteBuffer in = ByteBuffer.wrap(b);
        int flags = in.get() & 0xff;
        if ((flags & ~(HOLD_SEGMENTS | ONE_TRIP)) != 0 || flags == (HOLD_SEGMENTS | ONE_TRIP)) {
            throw new SysException("PREPARE: flags " + flags + " (expected: 0, 1 or 2)");
        }
        boolean oneTrip = (flags & ONE_TRIP) != 0;
        if (oneTrip && in.remaining() < 2 * Long.BYTES + Integer.BYTES) throw new SysException("PREPARE: one trip in " + b.length + " bytes");
        long liveBefore = oneTrip ? in.getLong() : 0;
        long decision = oneTrip ? in.getLong() : 0;
        int imgLen = in.getInt();
        int start = in.position();
        if (imgLen < 0 || imgLen > b.length - start) throw new SysException("PREPARE: image of " + imgLen + " bytes in " + b.length);
        SocketImage image = SocketImage.fromBytes(Arrays.copyOfRange(b, start, start + imgLen));
        int end = start + imgLen;
        Resume resume = end == b.length ? null : Resume.decode(Arrays.copyOfRange(b, end, b.length));
        return new PreparePayload(image, (flags & HOLD_SEGMENTS) != 0, oneTrip, liveBefore, decision, resume);
    }
}
