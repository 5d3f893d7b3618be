package dts.node.handoff;

import dts.splicer.backend.Resume;
import dts.splicer.repair.SocketImage;
import dts.splicer.sys.SysException;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A PREPARE's payload: the socket image, and, for a connection cut mid-response, what the target
 * needs to continue it ({@link Resume}). Wire form: u32 image length, the image, then the resume's
 * bytes (none when there is no resume). Malformed input gives a {@link SysException}.
 */
record PreparePayload(SocketImage image, Resume resume) {
    byte[] encode() {
        byte[] img = image.toBytes();
        byte[] r = resume == null ? new byte[0] : resume.encode();
        return ByteBuffer.allocate(4 + img.length + r.length).putInt(img.length).put(img).put(r).array();
    }

    static PreparePayload decode(byte[] b) {
        if (b.length < 4) throw new SysException("PREPARE: " + b.length + " bytes (expected: at least 4)");
        int imgLen = ByteBuffer.wrap(b).getInt();
        if (imgLen < 0 || imgLen > b.length - 4) throw new SysException("PREPARE: image of " + imgLen + " bytes in " + b.length);
        SocketImage image = SocketImage.fromBytes(Arrays.copyOfRange(b, 4, 4 + imgLen));
        Resume resume = 4 + imgLen == b.length ? null : Resume.decode(Arrays.copyOfRange(b, 4 + imgLen, b.length));
        return new PreparePayload(image, resume);
    }
}
