package dts.splicer.repair;

import dts.splicer.sys.LibC;
import dts.splicer.sys.SysException;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.ByteOrder;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * The native side of one dump, restore or release: one confined arena, one errno capture
 * segment and one scratch block sliced for option values, so a whole hand-off costs a handful of
 * small allocations. Every failing call throws {@link SysException} naming the call. Not
 * thread-safe; use one frame per call on one thread.
 */
final class Frame implements AutoCloseable {
    private static final FunctionDescriptor SOCKOPT = FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle SOCKET = LibC.downcall("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), LibC.captureErrno());
    private static final MethodHandle SETSOCKOPT = LibC.downcall("setsockopt", SOCKOPT, LibC.captureErrno());
    private static final MethodHandle GETSOCKOPT = LibC.downcall("getsockopt", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS), LibC.captureErrno());
    private static final MethodHandle IOCTL = LibC.downcall("ioctl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS), LibC.captureErrno(), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle RECV = LibC.downcall("recv", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT), LibC.captureErrno());
    private static final MethodHandle SEND = LibC.downcall("send", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT), LibC.captureErrno());
    private static final MethodHandle BIND = LibC.downcall("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), LibC.captureErrno());
    private static final MethodHandle CONNECT = LibC.downcall("connect", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), LibC.captureErrno());
    private static final MethodHandle GETSOCKNAME = LibC.downcall("getsockname", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS), LibC.captureErrno());
    private static final MethodHandle GETPEERNAME = LibC.downcall("getpeername", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS), LibC.captureErrno());
    private static final MethodHandle CLOSE = LibC.downcall("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT), LibC.captureErrno());
    private static final ValueLayout.OfInt BE_INT = JAVA_INT.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfShort BE_SHORT = JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN);
    private static final int SCRATCH_BYTES = 128;
    private static final int OFF_LEN = 0;       // socklen_t in/out
    private static final int OFF_ADDR = 8;      // struct sockaddr_in (16)
    private static final int OFF_STRUCT = 24;   // option values up to 104 bytes

    private final Arena arena = Arena.ofConfined();
    private final MemorySegment state = LibC.newCallState(arena);
    private final MemorySegment scratch = arena.allocate(SCRATCH_BYTES, 8);

    /** A zeroed slice of the scratch block for an option value of {@code bytes}; reused by the next call. */
    MemorySegment struct(int bytes) {
        return scratch.asSlice(OFF_STRUCT, bytes).fill((byte) 0);
    }

    /** Native memory for {@code bytes}, freed with the frame. */
    MemorySegment buffer(long bytes) {
        return arena.allocate(Math.max(1, bytes), 8);
    }

    SysException fail(String call, int errno) {
        return new SysException(call + ": " + LibC.strerror(errno) + " (errno " + errno + ")", errno);
    }

    private int errno() { return LibC.errno(state); }

    int socket(int domain, int type) {
        try {
            int fd = (int) SOCKET.invokeExact(state, domain, type, 0);
            if (fd < 0) throw fail("socket", errno());
            return fd;
        } catch (SysException e) { throw e; } catch (Throwable t) { throw new SysException("socket", t); }
    }

    /** setsockopt with an int value; returns 0 or the errno (never throws for a refused option). */
    int trySetInt(int fd, int level, int opt, int value) {
        MemorySegment v = struct(4);
        v.set(JAVA_INT, 0, value);
        return trySet(fd, level, opt, v);
    }

    void setInt(int fd, int level, int opt, int value, String call) {
        int e = trySetInt(fd, level, opt, value);
        if (e != 0) throw fail(call, e);
    }

    int trySet(int fd, int level, int opt, MemorySegment value) {
        try {
            int rc = (int) SETSOCKOPT.invokeExact(state, fd, level, opt, value, (int) value.byteSize());
            return rc < 0 ? errno() : 0;
        } catch (Throwable t) { throw new SysException("setsockopt", t); }
    }

    void set(int fd, int level, int opt, MemorySegment value, String call) {
        int e = trySet(fd, level, opt, value);
        if (e != 0) throw fail(call, e);
    }

    int getInt(int fd, int level, int opt, String call) {
        MemorySegment v = struct(4);
        get(fd, level, opt, v, call);
        return v.get(JAVA_INT, 0);
    }

    /** getsockopt into {@code out}; the kernel must fill it completely. */
    void get(int fd, int level, int opt, MemorySegment out, String call) {
        try {
            MemorySegment len = scratch.asSlice(OFF_LEN, 4);
            len.set(JAVA_INT, 0, (int) out.byteSize());
            int rc = (int) GETSOCKOPT.invokeExact(state, fd, level, opt, out, len);
            if (rc < 0) throw fail(call, errno());
            int got = len.get(JAVA_INT, 0);
            if (got != out.byteSize()) throw new SysException(call + ": " + got + " bytes (expected: " + out.byteSize() + ")");
        } catch (SysException e) { throw e; } catch (Throwable t) { throw new SysException(call, t); }
    }

    int ioctlInt(int fd, long request, String call) {
        try {
            MemorySegment v = struct(4);
            int rc = (int) IOCTL.invokeExact(state, fd, request, v);
            if (rc < 0) throw fail(call, errno());
            return v.get(JAVA_INT, 0);
        } catch (SysException e) { throw e; } catch (Throwable t) { throw new SysException(call, t); }
    }

    /** Peeks exactly {@code len} queued bytes (MSG_PEEK | MSG_DONTWAIT). */
    byte[] peek(int fd, int len, String call) {
        MemorySegment buf = buffer(len + 1L);
        try {
            long n = (long) RECV.invokeExact(state, fd, buf, len + 1L, LibC.MSG_PEEK | LibC.MSG_DONTWAIT);
            if (n < 0) throw fail(call, errno());
            if (n != len) throw new SysException(call + ": peeked " + n + " bytes (expected: " + len + ")");
            return buf.asSlice(0, len).toArray(JAVA_BYTE);
        } catch (SysException e) { throw e; } catch (Throwable t) { throw new SysException(call, t); }
    }

    /**
     * Sends all of {@code data} with {@code flags}, looping over partial sends; fails when the
     * socket would block (the caller sized the buffers so that it does not).
     */
    void sendAll(int fd, MemorySegment data, int flags, String call) {
        long off = 0;
        long size = data.byteSize();
        try {
            while (off < size) {
                long n = (long) SEND.invokeExact(state, fd, data.asSlice(off), size - off, flags | LibC.MSG_NOSIGNAL);
                if (n < 0) {
                    int e = errno();
                    if (e == LibC.EINTR) continue;
                    throw new SysException(call + ": " + LibC.strerror(e) + " (errno " + e + ") after " + off + " of " + size + " bytes", e);
                }
                off += n;
            }
        } catch (SysException e) { throw e; } catch (Throwable t) { throw new SysException(call, t); }
    }

    void bind(int fd, Endpoint ep) {
        try {
            int rc = (int) BIND.invokeExact(state, fd, sockaddr(ep), 16);
            if (rc < 0) throw fail("bind " + ep, errno());
        } catch (SysException e) { throw e; } catch (Throwable t) { throw new SysException("bind", t); }
    }

    void connect(int fd, Endpoint ep) {
        try {
            int rc = (int) CONNECT.invokeExact(state, fd, sockaddr(ep), 16);
            if (rc < 0) throw fail("connect " + ep, errno());
        } catch (SysException e) { throw e; } catch (Throwable t) { throw new SysException("connect", t); }
    }

    Endpoint localName(int fd) { return name(fd, GETSOCKNAME, "getsockname"); }

    Endpoint peerName(int fd) { return name(fd, GETPEERNAME, "getpeername"); }

    private Endpoint name(int fd, MethodHandle mh, String call) {
        try {
            MemorySegment sa = scratch.asSlice(OFF_ADDR, 16).fill((byte) 0);
            MemorySegment len = scratch.asSlice(OFF_LEN, 4);
            len.set(JAVA_INT, 0, 16);
            int rc = (int) mh.invokeExact(state, fd, sa, len);
            if (rc < 0) throw fail(call, errno());
            int family = sa.get(JAVA_SHORT, 0);
            if (family != LibC.AF_INET) throw new SysException(call + ": address family " + family + " (expected: AF_INET)");
            return new Endpoint(sa.get(BE_INT, 4), sa.get(BE_SHORT, 2) & 0xffff);
        } catch (SysException e) { throw e; } catch (Throwable t) { throw new SysException(call, t); }
    }

    private MemorySegment sockaddr(Endpoint ep) {
        MemorySegment sa = scratch.asSlice(OFF_ADDR, 16).fill((byte) 0);
        sa.set(JAVA_SHORT, 0, (short) LibC.AF_INET);
        sa.set(BE_SHORT, 2, (short) ep.port());
        sa.set(BE_INT, 4, ep.ipv4());
        return sa;
    }

    /** close(2), ignoring failure: for cleanup paths. */
    void closeQuietly(int fd) {
        try {
            int ignored = (int) CLOSE.invokeExact(state, fd);
        } catch (Throwable ignored) {
            // cleanup only
        }
    }

    @Override public void close() { arena.close(); }
}
