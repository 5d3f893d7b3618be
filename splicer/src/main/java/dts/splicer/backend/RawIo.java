package dts.splicer.backend;

import dts.splicer.sys.LibC;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Non-throwing FFM calls for the relay's data path: each returns its result or {@code -errno}, so
 * peer resets and the like are outcomes to count, not exceptions. The caller passes a call-state
 * segment from {@link LibC#newCallState}.
 */
final class RawIo {
    static final int EAGAIN = 11;
    static final int EPIPE = 32;
    static final int ECONNRESET = 104;
    static final int ENOTCONN = 107;
    static final int ETIMEDOUT = 110;
    static final int ECONNREFUSED = 111;
    static final int EHOSTUNREACH = 113;
    static final int SHUT_WR = 1;
    static final int F_SETPIPE_SZ = 1031;
    static final int F_GETPIPE_SZ = 1032;
    static final int SO_ERROR = 4;
    static final int TCP_NODELAY = 1;
    static final long FIONREAD = 0x541B;

    private static final MethodHandle SPLICE = LibC.downcall("splice",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT), LibC.captureErrno());
    private static final MethodHandle SEND = LibC.downcall("send",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT), LibC.captureErrno());
    private static final MethodHandle RECV = LibC.downcall("recv",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT), LibC.captureErrno());
    private static final MethodHandle SHUTDOWN = LibC.downcall("shutdown",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), LibC.captureErrno());
    private static final MethodHandle FCNTL = LibC.downcall("fcntl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), LibC.captureErrno(),
            java.lang.foreign.Linker.Option.firstVariadicArg(2));
    private static final MethodHandle IOCTL = LibC.downcall("ioctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS), LibC.captureErrno(),
            java.lang.foreign.Linker.Option.firstVariadicArg(2));
    private static final MethodHandle CLOSE = LibC.downcall("close",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT), LibC.captureErrno());
    private static final MethodHandle ACCEPT4 = LibC.downcall("accept4",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT), LibC.captureErrno());
    private static final MethodHandle SETSOCKOPT = LibC.downcall("setsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), LibC.captureErrno());

    private RawIo() {}

    /** splice(2) without offsets. */
    static long splice(int in, int out, long len, int flags, MemorySegment st) {
        try {
            long n = (long) SPLICE.invokeExact(st, in, MemorySegment.NULL, out, MemorySegment.NULL, len, flags);
            return n < 0 ? -LibC.errno(st) : n;
        } catch (Throwable t) {
            throw new AssertionError("splice downcall", t);
        }
    }

    static long send(int fd, MemorySegment buf, long len, int flags, MemorySegment st) {
        try {
            long n = (long) SEND.invokeExact(st, fd, buf, len, flags);
            return n < 0 ? -LibC.errno(st) : n;
        } catch (Throwable t) {
            throw new AssertionError("send downcall", t);
        }
    }

    static long recv(int fd, MemorySegment buf, long len, int flags, MemorySegment st) {
        try {
            long n = (long) RECV.invokeExact(st, fd, buf, len, flags);
            return n < 0 ? -LibC.errno(st) : n;
        } catch (Throwable t) {
            throw new AssertionError("recv downcall", t);
        }
    }

    static int shutdown(int fd, int how, MemorySegment st) {
        try {
            int rc = (int) SHUTDOWN.invokeExact(st, fd, how);
            return rc < 0 ? -LibC.errno(st) : rc;
        } catch (Throwable t) {
            throw new AssertionError("shutdown downcall", t);
        }
    }

    static int fcntl(int fd, int cmd, int arg, MemorySegment st) {
        try {
            int rc = (int) FCNTL.invokeExact(st, fd, cmd, arg);
            return rc < 0 ? -LibC.errno(st) : rc;
        } catch (Throwable t) {
            throw new AssertionError("fcntl downcall", t);
        }
    }

    /** A non-blocking pipe asked to hold {@code sizeBytes} (EPERM above the limit: the default stays). */
    static int[] pipe(int sizeBytes, MemorySegment st) {
        int[] p = LibC.pipe2(LibC.O_NONBLOCK | LibC.O_CLOEXEC);
        fcntl(p[1], F_SETPIPE_SZ, sizeBytes, st);
        return p;
    }

    /** What the pipe holds at most, never below a page. */
    static long pipeCapacity(int[] p, MemorySegment st) {
        return Math.max(4096, fcntl(p[1], F_GETPIPE_SZ, 0, st));
    }

    /** Bytes waiting to be read from {@code fd} (FIONREAD into the 4-byte {@code out}), or -errno. */
    static int queuedBytes(int fd, MemorySegment out, MemorySegment st) {
        try {
            int rc = (int) IOCTL.invokeExact(st, fd, FIONREAD, out);
            return rc < 0 ? -LibC.errno(st) : out.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw new AssertionError("ioctl downcall", t);
        }
    }

    /**
     * accept4(2), non-blocking and close-on-exec: the new descriptor, or -errno; the peer's sockaddr_in
     * goes to {@code addr} (16 bytes), its length to {@code addrLen} (4 bytes).
     */
    static int accept(int fd, MemorySegment addr, MemorySegment addrLen, MemorySegment st) {
        try {
            addrLen.set(JAVA_INT, 0, (int) addr.byteSize());
            int rc = (int) ACCEPT4.invokeExact(st, fd, addr, addrLen, LibC.SOCK_NONBLOCK | LibC.SOCK_CLOEXEC);
            return rc < 0 ? -LibC.errno(st) : rc;
        } catch (Throwable t) {
            throw new AssertionError("accept4 downcall", t);
        }
    }

    /** setsockopt(2) of an int option, through the 4-byte {@code value}; 0 or -errno. */
    static int setInt(int fd, int level, int option, int v, MemorySegment value, MemorySegment st) {
        try {
            value.set(JAVA_INT, 0, v);
            int rc = (int) SETSOCKOPT.invokeExact(st, fd, level, option, value, Integer.BYTES);
            return rc < 0 ? -LibC.errno(st) : rc;
        } catch (Throwable t) {
            throw new AssertionError("setsockopt downcall", t);
        }
    }

    static int close(int fd, MemorySegment st) {
        try {
            int rc = (int) CLOSE.invokeExact(st, fd);
            return rc < 0 ? -LibC.errno(st) : rc;
        } catch (Throwable t) {
            throw new AssertionError("close downcall", t);
        }
    }
}
