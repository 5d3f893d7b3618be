package dts.splicer.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Thin {@code java.lang.foreign} bindings to the libc calls DTS needs. Every call captures errno;
 * a failing call throws {@link SysException} naming the call and the errno. No JNI.
 *
 * <p>Other classes add bindings with {@link #downcall(String, FunctionDescriptor, Linker.Option...)}
 * and read errno with {@link #errno(MemorySegment)} on a state segment from {@link #newCallState(Arena)}.
 */
public final class LibC {
    public static final Linker LINKER = Linker.nativeLinker();
    public static final SymbolLookup LOOKUP = LINKER.defaultLookup();
    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

    // socket constants (x86_64 Linux)
    public static final int AF_UNIX = 1;
    public static final int AF_INET = 2;
    public static final int SOCK_STREAM = 1;
    public static final int SOCK_NONBLOCK = 0x800;
    public static final int SOCK_CLOEXEC = 0x80000;
    public static final int SOL_SOCKET = 1;
    public static final int SO_REUSEADDR = 2;
    public static final int SO_ATTACH_FILTER = 26;
    public static final int SO_DETACH_FILTER = 27;
    /** setsockopt value: the fd of a loaded eBPF socket-filter program (detached with SO_DETACH_FILTER). */
    public static final int SO_ATTACH_BPF = 50;
    public static final int IPPROTO_TCP = 6;
    public static final int SOL_IP = 0;
    public static final int IP_TRANSPARENT = 19;
    public static final int MSG_PEEK = 0x2;
    public static final int MSG_DONTWAIT = 0x40;
    public static final int MSG_NOSIGNAL = 0x4000;
    public static final int EAGAIN = 11;
    public static final int EINVAL = 22;
    public static final int EOPNOTSUPP = 95;
    public static final int EINPROGRESS = 115;
    public static final int EINTR = 4;
    public static final int SIOCINQ = 0x541B;
    public static final int SIOCOUTQ = 0x5411;
    public static final int SIOCOUTQNSD = 0x894B;
    public static final int O_NONBLOCK = 0x800;
    public static final int O_CLOEXEC = 0x80000;
    public static final int F_GETFL = 3;
    public static final int F_SETFL = 4;
    public static final int SPLICE_F_MOVE = 1;
    public static final int SPLICE_F_NONBLOCK = 2;

    private static final MethodHandle SOCKET = downcall("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle SETSOCKOPT = downcall("setsockopt", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle GETSOCKOPT = downcall("getsockopt", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS), CAPTURE_ERRNO);
    private static final MethodHandle IOCTL_INT = downcall("ioctl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS), CAPTURE_ERRNO, Linker.Option.firstVariadicArg(2));
    private static final MethodHandle RECV = downcall("recv", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle SEND = downcall("send", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle CLOSE = downcall("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle DUP = downcall("dup", FunctionDescriptor.of(JAVA_INT, JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle BIND = downcall("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle LISTEN = downcall("listen", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle CONNECT = downcall("connect", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle GETSOCKNAME = downcall("getsockname", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS), CAPTURE_ERRNO);
    private static final MethodHandle GETPEERNAME = downcall("getpeername", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS), CAPTURE_ERRNO);
    private static final MethodHandle FCNTL = downcall("fcntl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), CAPTURE_ERRNO, Linker.Option.firstVariadicArg(2));
    private static final MethodHandle SPLICE = downcall("splice", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle PIPE2 = downcall("pipe2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle SHUTDOWN = downcall("shutdown", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle STRERROR = downcall("strerror", FunctionDescriptor.of(ADDRESS, JAVA_INT));
    private static final MethodHandle SYSCALL3 = downcall("syscall", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_LONG),
            CAPTURE_ERRNO, Linker.Option.firstVariadicArg(1));

    private LibC() {}

    /** A downcall handle for a libc symbol; fails with a clear message when the symbol is missing. */
    public static MethodHandle downcall(String name, FunctionDescriptor fd, Linker.Option... options) {
        MemorySegment sym = LOOKUP.find(name).orElseThrow(() -> new SysException("libc symbol missing: " + name));
        return LINKER.downcallHandle(sym, fd, options);
    }

    public static Linker.Option captureErrno() { return CAPTURE_ERRNO; }

    public static MemorySegment newCallState(Arena arena) { return arena.allocate(CAPTURE_LAYOUT); }

    public static int errno(MemorySegment state) { return (int) ERRNO.get(state, 0L); }

    public static String strerror(int errno) {
        try {
            MemorySegment s = (MemorySegment) STRERROR.invokeExact(errno);
            return s.reinterpret(256).getString(0);
        } catch (Throwable t) {
            return "errno " + errno;
        }
    }

    /** The exception of a failed call: its name, strerror and errno. */
    public static SysException fail(String call, int errno) {
        return new SysException(call + ": " + strerror(errno) + " (errno " + errno + ")", errno);
    }

    private static int check(String call, int rc, MemorySegment st) {
        if (rc < 0) throw fail(call, errno(st));
        return rc;
    }

    private static long check(String call, long rc, MemorySegment st) {
        if (rc < 0) throw fail(call, errno(st));
        return rc;
    }

    public static int socket(int domain, int type, int protocol) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = newCallState(a);
            return check("socket", (int) SOCKET.invokeExact(st, domain, type, protocol), st);
        } catch (SysException e) { throw e; } catch (Throwable t) { throw new SysException("socket", t); }
    }

    public static void setInt(int fd, int level, int opt, int value) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(JAVA_INT);
            v.set(JAVA_INT, 0, value);
            setBytes(fd, level, opt, v, a);
        }
    }

    /** setsockopt with a caller-built value segment (allocated in {@code arena}). */
    public static void setBytes(int fd, int level, int opt, MemorySegment value, Arena arena) {
        try {
            MemorySegment st = newCallState(arena);
            check("setsockopt(" + level + "," + opt + ")", (int) SETSOCKOPT.invokeExact(st, fd, level, opt, value, (int) value.byteSize()), st);
        } catch (SysException e) { throw e; } catch (Throwable t) { throw new SysException("setsockopt", t); }
    }

    public static int getInt(int fd, int level, int opt) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(JAVA_INT);
            getBytes(fd, level, opt, v, a);
            return v.get(JAVA_INT, 0);
        }
    }

    /** getsockopt into {@code out}; returns the length the kernel wrote. */
    public static int getBytes(int fd, int level, int opt, MemorySegment out, Arena arena) {
        try {
            MemorySegment st = newCallState(arena);
            MemorySegment len = arena.allocate(JAVA_INT);
            len.set(JAVA_INT, 0, (int) out.byteSize());
            check("getsockopt(" + level + "," + opt + ")", (int) GETSOCKOPT.invokeExact(st, fd, level, opt, out, len), st);
            return len.get(JAVA_INT, 0);
        } catch (SysException e) { throw e; } catch (Throwable t) { throw new SysException("getsockopt", t); }
    }

    /** ioctl whose argument is an int out-parameter (SIOCINQ, SIOCOUTQ, SIOCOUTQNSD). */
    public static int ioctlInt(int fd, long request) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = newCallState(a);
            MemorySegment v = a.allocate(JAVA_INT);
            check("ioctl(" + request + ")", (int) IOCTL_INT.invokeExact(st, fd, request, v), st);
            return v.get(JAVA_INT, 0);
        } catch (SysException e) { throw e; } catch (Throwable t) { throw new SysException("ioctl", t); }
    }

    /** recv into {@code buf}; returns bytes read, 0 at EOF, or -1 when it would block (MSG_DONTWAIT / non-blocking fd). */
    public static long recv(int fd, MemorySegment buf, long len, int flags, MemorySegment st) {
        try {
            long n = (long) RECV.invokeExact(st, fd, buf, len, flags);
            if (n < 0) {
                int e = errno(st);
                if (e == EAGAIN) return -1;
                throw fail("recv", e);
            }
            return n;
        } catch (SysException e) { throw e; } catch (Throwable t) { throw new SysException("recv", t); }
    }

    /** send from {@code buf}; returns bytes sent or -1 when it would block. */
    public static long send(int fd, MemorySegment buf, long len, int flags, MemorySegment st) {
        try {
            long n = (long) SEND.invokeExact(st, fd, buf, len, flags);
            if (n < 0) {
                int e = errno(st);
                if (e == EAGAIN) return -1;
                throw fail("send", e);
            }
            return n;
        } catch (SysException e) { throw e; } catch (Throwable t) { throw new SysException("send", t); }
    }

    /**
     * The bpf(2) system call (glibc has no wrapper): {@code cmd} with the attribute block {@code attr};
     * returns what the kernel returns (a new fd for BPF_PROG_LOAD).
     */
    public static int bpf(int cmd, MemorySegment attr) {
        long nr = switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> 321;
            case "aarch64" -> 280;
            default -> throw new SysException("bpf: no system call number for " + System.getProperty("os.arch"));
        };
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = newCallState(a);
            long rc = (long) SYSCALL3.invokeExact(st, nr, (long) cmd, attr, attr.byteSize());
            return (int) check("bpf(" + cmd + ")", rc, st);
        } catch (SysException e) { throw e; } catch (Throwable t) { throw new SysException("bpf", t); }
    }

    public static void close(int fd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = newCallState(a);
            check("close", (int) CLOSE.invokeExact(st, fd), st);
        } catch (SysException e) { throw e; } catch (Throwable t) { throw new SysException("close", t); }
    }

    /**
     * close(2), its failure ignored: on Linux the descriptor is released even when close reports EINTR
     * or EIO, and EBADF means it was gone already. For paths that give a descriptor up and have nothing
     * left to do with it.
     */
    public static void closeQuietly(int fd) {
        try {
            close(fd);
        } catch (SysException ignored) {
            // released anyway
        }
    }

    public static int dup(int fd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = newCallState(a);
            return check("dup", (int) DUP.invokeExact(st, fd), st);
        } catch (SysException e) { throw e; } catch (Throwable t) { throw new SysException("dup", t); }
    }

    public static void shutdown(int fd, int how) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = newCallState(a);
            check("shutdown", (int) SHUTDOWN.invokeExact(st, fd, how), st);
        } catch (SysException e) { throw e; } catch (Throwable t) { throw new SysException("shutdown", t); }
    }

    /** bind to an IPv4 address (4 bytes, network order) and port. */
    public static void bind(int fd, byte[] addr, int port) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = newCallState(a);
            MemorySegment sa = SockAddr.inet(a, addr, port);
            check("bind", (int) BIND.invokeExact(st, fd, sa, (int) sa.byteSize()), st);
        } catch (SysException e) { throw e; } catch (Throwable t) { throw new SysException("bind", t); }
    }

    /** listen(2) with a queue of {@code backlog} connections. */
    public static void listen(int fd, int backlog) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = newCallState(a);
            check("listen", (int) LISTEN.invokeExact(st, fd, backlog), st);
        } catch (SysException e) { throw e; } catch (Throwable t) { throw new SysException("listen", t); }
    }

    /** connect to an IPv4 address; returns 0, or EINPROGRESS for a non-blocking socket still connecting. */
    public static int connect(int fd, byte[] addr, int port) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = newCallState(a);
            MemorySegment sa = SockAddr.inet(a, addr, port);
            int rc = (int) CONNECT.invokeExact(st, fd, sa, (int) sa.byteSize());
            if (rc < 0) {
                int e = errno(st);
                if (e == EINPROGRESS) return EINPROGRESS;
                throw fail("connect", e);
            }
            return 0;
        } catch (SysException e) { throw e; } catch (Throwable t) { throw new SysException("connect", t); }
    }

    /**
     * connect to a Unix stream socket at {@code path}; returns 0 (a Unix connect does not wait: it
     * completes at once, or fails, EAGAIN when the listener's backlog is full).
     */
    public static int connectUnix(int fd, String path) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = newCallState(a);
            MemorySegment sa = SockAddr.unix(a, path);
            int rc = (int) CONNECT.invokeExact(st, fd, sa, (int) sa.byteSize());
            if (rc < 0) throw fail("connect " + path, errno(st));
            return 0;
        } catch (SysException e) { throw e; } catch (Throwable t) { throw new SysException("connect", t); }
    }

    /** The local address of a socket as {addr[4], port}. */
    public static SockAddr.Inet localAddress(int fd) { return name(fd, GETSOCKNAME, "getsockname"); }

    /** The peer address of a connected socket. */
    public static SockAddr.Inet peerAddress(int fd) { return name(fd, GETPEERNAME, "getpeername"); }

    private static SockAddr.Inet name(int fd, MethodHandle mh, String call) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = newCallState(a);
            MemorySegment sa = a.allocate(16);
            MemorySegment len = a.allocate(JAVA_INT);
            len.set(JAVA_INT, 0, 16);
            check(call, (int) mh.invokeExact(st, fd, sa, len), st);
            return SockAddr.parse(sa);
        } catch (SysException e) { throw e; } catch (Throwable t) { throw new SysException(call, t); }
    }

    /** Sets or clears O_NONBLOCK; one fcntl when the flag is already as asked (accept4 and the restorer make sockets non-blocking). */
    public static void setNonBlocking(int fd, boolean on) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = newCallState(a);
            int fl = check("fcntl(F_GETFL)", (int) FCNTL.invokeExact(st, fd, F_GETFL, 0), st);
            int nf = on ? (fl | O_NONBLOCK) : (fl & ~O_NONBLOCK);
            if (nf == fl) return;
            check("fcntl(F_SETFL)", (int) FCNTL.invokeExact(st, fd, F_SETFL, nf), st);
        } catch (SysException e) { throw e; } catch (Throwable t) { throw new SysException("fcntl", t); }
    }

    /** splice(2) without offsets; returns bytes moved, 0 at EOF, or -1 when it would block. */
    public static long splice(int fdIn, int fdOut, long len, int flags, MemorySegment st) {
        try {
            long n = (long) SPLICE.invokeExact(st, fdIn, MemorySegment.NULL, fdOut, MemorySegment.NULL, len, flags);
            if (n < 0) {
                int e = errno(st);
                if (e == EAGAIN) return -1;
                throw fail("splice", e);
            }
            return n;
        } catch (SysException e) { throw e; } catch (Throwable t) { throw new SysException("splice", t); }
    }

    /** pipe2(2): returns {readFd, writeFd}. */
    public static int[] pipe2(int flags) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = newCallState(a);
            MemorySegment fds = a.allocate(ValueLayout.JAVA_INT, 2);
            check("pipe2", (int) PIPE2.invokeExact(st, fds, flags), st);
            return new int[] {fds.getAtIndex(JAVA_INT, 0), fds.getAtIndex(JAVA_INT, 1)};
        } catch (SysException e) { throw e; } catch (Throwable t) { throw new SysException("pipe2", t); }
    }
}
