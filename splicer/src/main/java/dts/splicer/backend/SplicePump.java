package dts.splicer.backend;

import dts.splicer.sys.LibC;

import java.lang.foreign.MemorySegment;
import java.util.function.LongConsumer;

/**
 * One direction of a {@link SpliceRelay}: src socket → pipe → dst socket with splice(2), after an
 * optional prefix sent from memory. The pipe is always drained into dst before src is read again,
 * so when dst cannot take more (EAGAIN) src is not read: back-pressure reaches the sender through
 * TCP's window. At EOF of src (splice returns 0) the pipe is drained first, then dst is half-closed.
 */
final class SplicePump {
    static final long WAIT = 0;
    static final long YIELD = 1;
    private static final int FLAGS = LibC.SPLICE_F_MOVE | LibC.SPLICE_F_NONBLOCK;
    private static final int SEND_FLAGS = LibC.MSG_NOSIGNAL | LibC.MSG_DONTWAIT;
    private static final long EIO = 5;
    /** Bytes moved per pump call before yielding the event loop to other connections. */
    private static final long BUDGET_BYTES = 8L << 20;

    private final RelayFd src;
    private final RelayFd dst;
    private final int pipeRead;
    private final int pipeWrite;
    private final long pipeCapacityBytes;
    private final LongConsumer moved;
    private MemorySegment prefix;
    private long prefixOffset;
    private long inPipeBytes;
    private boolean srcEof;
    private boolean finished;
    private long movedThisCall;

    SplicePump(RelayFd src, RelayFd dst, int[] pipe, long pipeCapacityBytes, MemorySegment prefix, LongConsumer moved) {
        this.src = src;
        this.dst = dst;
        this.pipeRead = pipe[0];
        this.pipeWrite = pipe[1];
        this.pipeCapacityBytes = pipeCapacityBytes;
        this.prefix = prefix != null && prefix.byteSize() > 0 ? prefix : null;
        this.moved = moved;
    }

    /** EOF of src was forwarded: the pipe is empty and dst is half-closed. */
    boolean finished() { return finished; }

    /** Bytes delivered to dst during the last {@link #pump}. */
    long movedThisCall() { return movedThisCall; }

    /** Moves what it can; returns WAIT (an event is needed), YIELD (budget used up) or -errno. */
    long pump(MemorySegment st) {
        movedThisCall = 0;
        while (movedThisCall < BUDGET_BYTES) {
            if (prefix != null) {
                if (!dst.writable) return WAIT;
                long n = RawIo.send(dst.intValue(), prefix.asSlice(prefixOffset), prefix.byteSize() - prefixOffset, SEND_FLAGS, st);
                if (n == -RawIo.EAGAIN) { dst.writable = false; return WAIT; }
                if (n < 0) return n;
                delivered(n);
                prefixOffset += n;
                if (prefixOffset == prefix.byteSize()) prefix = null;
            } else if (inPipeBytes > 0) {
                if (!dst.writable) return WAIT;
                long n = RawIo.splice(pipeRead, dst.intValue(), inPipeBytes, FLAGS, st);
                if (n == -RawIo.EAGAIN) { dst.writable = false; return WAIT; }
                if (n <= 0) return n == 0 ? -EIO : n;
                inPipeBytes -= n;
                delivered(n);
            } else if (srcEof) {
                if (!finished) {
                    RawIo.shutdown(dst.intValue(), RawIo.SHUT_WR, st); // ENOTCONN after a reset: done anyway
                    finished = true;
                }
                return WAIT;
            } else {
                if (!src.readable) return WAIT;
                long n = RawIo.splice(src.intValue(), pipeWrite, pipeCapacityBytes, FLAGS, st);
                if (n == -RawIo.EAGAIN) { src.readable = false; return WAIT; }
                if (n < 0) return n;
                if (n == 0) srcEof = true;
                inPipeBytes += n;
            }
        }
        return YIELD;
    }

    private void delivered(long n) {
        movedThisCall += n;
        moved.accept(n);
    }
}
