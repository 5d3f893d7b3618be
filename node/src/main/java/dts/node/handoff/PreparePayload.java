package dts.node.handoff;

import dts.splicer.backend.Resume;
import dts.splicer.repair.SocketImage;
import dts.splicer.sys.SysException;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A PREPARE's payload: the socket image; whether both ends hold the client's segments while the
 * socket is frozen ({@code holdSegments}: a live move, whose client may send at any moment); and,
 * for a connection cut mid-response, what the target needs to continue it ({@link Resume}). Wire
 * form: u8 flags (bit 0: hold segments), u32 image length, the image, then the resume's bytes (none
 * when there is no resume). Malformed input gives a {@link SysException}.
 */
record PreparePayload(SocketImage image, boolean holdSegments, Resume resume) {
    private static final int HOLD_SEGMENTS = 1;
    private static final int HEADER_BYTES = 5;

    byte[] encode() {
        byte[] img = image.toBytes();
        byte[] r = resume == null ? new byte[0] : resume.encode();
        return ByteBuffer.allocate(HEADER_BYTES + img.length + r.length).put((byte) (holdSegments ? HOLD_SEGMENTS : 0))
                .putInt(img.length).put(img).put(r).array();
    }

    static PreparePayload decode(byte[] b) {
        if (b.length < HEADER_BYTES) throw new SysException("PREPARE: " + b.length + " bytes (expected: at least " + HEADER_BYTES + ")");
        ByteBuffer in = ByteBuffer.wrap(b);
        int flags = in.get() & 0xff;
        if ((flags & ~HOLD_SEGMENTS) != 0) throw new SysException("PREPARE: flags " + flags + " (expected: 0 or 1)");
        int imgLen = in.getInt();
        if (imgLen < 0 || imgLen > b.length - HEADER_BYTES) throw new SysException("PREPARE: image of " + imgLen + " bytes in " + b.length);
        SocketImage image = SocketImage.fromBytes(Arrays.copyOfRange(b, HEADER_BYTES, HEADER_BYTES + imgLen));
        int end = HEADER_BYTES + imgLen;
        Resume resume = end == b.length ? null : Resume.decode(Arrays.copyOfRange(b, end, b.length));
        return new PreparePayload(image, (flags & HOLD_SEGMENTS) != 0, resume);
    }
}
