package dts.splicer.backend;

import dts.splicer.sys.SysException;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A response cut mid-body that another relay continues from the local web server: the GET head that
 * asked for it, the body bytes the client's socket already holds ({@code offset}), the body's full
 * length, and the validator that makes the rest the same representation ({@code If-Range}). Travels
 * with a moved socket; {@link #decode} refuses anything malformed with a {@link SysException}.
 */
public record Resume(byte[] requestHead, long offset, long total, String validator) {
    /** Bounds of what {@link #decode} accepts. */
    static final int MAX_HEAD_BYTES = 64 << 10;
    static final int MAX_VALIDATOR_BYTES = 1024;

    public Resume {
        if (requestHead.length == 0 || requestHead.length > MAX_HEAD_BYTES) throw new SysException("resume: request head of " + requestHead.length + " bytes");
        if (offset < 0 || total <= offset) throw new SysException("resume: offset " + offset + " of " + total + " (expected: 0 <= offset < total)");
        if (validator.isEmpty() || validator.length() > MAX_VALIDATOR_BYTES) throw new SysException("resume: validator of " + validator.length() + " bytes");
    }

    public byte[] encode() {
        byte[] v = validator.getBytes(StandardCharsets.ISO_8859_1);
        return ByteBuffer.allocate(4 + requestHead.length + 16 + 2 + v.length)
                .putInt(requestHead.length).put(requestHead).putLong(offset).putLong(total).putShort((short) v.length).put(v).array();
    }

    public static Resume decode(byte[] b) {
        try {
            ByteBuffer in = ByteBuffer.wrap(b);
            int headLen = in.getInt();
            if (headLen <= 0 || headLen > MAX_HEAD_BYTES) throw new SysException("resume: request head of " + headLen + " bytes");
            byte[] head = new byte[headLen];
            in.get(head);
            long offset = in.getLong();
            long total = in.getLong();
            int vLen = in.getShort() & 0xffff;
            if (vLen > MAX_VALIDATOR_BYTES) throw new SysException("resume: validator of " + vLen + " bytes");
            byte[] v = new byte[vLen];
            in.get(v);
            if (in.hasRemaining()) throw new SysException("resume: " + in.remaining() + " trailing bytes");
            return new Resume(head, offset, total, new String(v, StandardCharsets.ISO_8859_1));
        } catch (BufferUnderflowException e) {
            throw new SysException("resume: truncated");
        }
    }
}
