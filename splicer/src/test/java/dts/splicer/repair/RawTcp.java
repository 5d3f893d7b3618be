package dts.splicer.repair;

import dts.splicer.sys.LibC;
import dts.splicer.sys.SysException;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/** Blocking fd-level TCP helpers for tests: listen/accept and whole-buffer I/O through LibC. */
final class RawTcp {
    private static final MethodHandle LISTEN = LibC.downcall("listen", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), LibC.captureErrno());
    private static final MethodHandle ACCEPT = LibC.downcall("accept4", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT), LibC.captureErrno());

    private RawTcp() {}

    /** A blocking listener on {@code ep} (SO_REUSEADDR), in the calling thread's namespace. */
    static int listen(Endpoint ep) {
        int fd = LibC.socket(LibC.AF_INET, LibC.SOCK_STREAM | LibC.SOCK_CLOEXEC, 0);
        LibC.setInt(fd, LibC.SOL_SOCKET, LibC.SO_REUSEADDR, 1);
        LibC.bind(fd, ep.address(), ep.port());
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = LibC.newCallState(a);
            if ((int) LISTEN.invokeExact(st, fd, 16) < 0) throw new SysException("listen: errno " + LibC.errno(st));
        } catch (SysException e) { throw e; } catch (Throwable t) { throw new SysException("listen", t); }
        return fd;
    }

    static int accept(int listenFd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = LibC.newCallState(a);
            int fd = (int) ACCEPT.invokeExact(st, listenFd, MemorySegment.NULL, MemorySegment.NULL, LibC.SOCK_CLOEXEC);
            if (fd < 0) throw new SysException("accept: errno " + LibC.errno(st));
            return fd;
        } catch (SysException e) { throw e; } catch (Throwable t) { throw new SysException("accept", t); }
    }

    /** Reads exactly {@code n} bytes from a blocking fd; fails on EOF. */
    static byte[] readExactly(int fd, int n) {
        byte[] out = new byte[n];
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = LibC.newCallState(a);
            MemorySegment buf = a.allocate(Math.max(1, Math.min(n, 1 << 20)));
            int off = 0;
            while (off < n) {
                long got = LibC.recv(fd, buf, Math.min(buf.byteSize(), n - off), 0, st);
                if (got == 0) throw new SysException("EOF after " + off + " of " + n + " bytes");
                if (got < 0) continue;  // EAGAIN on a blocking fd: retry
                MemorySegment.copy(buf, JAVA_BYTE, 0, out, off, (int) got);
                off += (int) got;
            }
        }
        return out;
    }

    /** Writes all of {@code data} to a blocking fd. */
    static void writeAll(int fd, byte[] data, int off, int len) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = LibC.newCallState(a);
            MemorySegment buf = a.allocate(Math.max(1, len));
            MemorySegment.copy(data, off, buf, JAVA_BYTE, 0, len);
            long done = 0;
            while (done < len) {
                long n = LibC.send(fd, buf.asSlice(done), len - done, LibC.MSG_NOSIGNAL, st);
                if (n > 0) done += n;
            }
        }
    }

    /** Writes from a non-blocking fd until it would block; returns the bytes written. */
    static int writeUntilFull(int fd, byte[] data, int off) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = LibC.newCallState(a);
            MemorySegment buf = a.allocate(Math.max(1, data.length - off));
            MemorySegment.copy(data, off, buf, JAVA_BYTE, 0, data.length - off);
            long done = 0;
            while (off + done < data.length) {
                long n = LibC.send(fd, buf.asSlice(done), data.length - off - done, LibC.MSG_NOSIGNAL | LibC.MSG_DONTWAIT, st);
                if (n < 0) break;
                done += n;
            }
            return (int) done;
        }
    }

    static int inq(int fd) { return LibC.ioctlInt(fd, LibC.SIOCINQ); }

    /** Waits until the receive queue of {@code fd} holds {@code bytes}. */
    static void awaitInq(int fd, int bytes) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (inq(fd) < bytes) {
            if (System.nanoTime() > deadline) throw new AssertionError("receive queue: " + inq(fd) + " bytes (expected: " + bytes + ")");
            Thread.sleep(2);
        }
    }
}
