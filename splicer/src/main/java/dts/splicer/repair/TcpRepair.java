package dts.splicer.repair;

import dts.splicer.sys.LibC;
import dts.splicer.sys.SysException;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

import static dts.splicer.repair.Tcp.*;

/**
 * Moves an established IPv4 TCP connection between sockets, namespaces or hosts with the
 * kernel's TCP_REPAIR. Needs CAP_NET_ADMIN (see {@link #checkAvailable()}).
 *
 * <p>Hand-off: the source calls {@link #dump} and ships {@link SocketImage#toBytes()}; the target
 * calls {@link #restore}. On commit the source closes its socket (silent: a socket in repair mode
 * closes without FIN or RST) and the target calls {@link #release(int, SocketImage)}. On abort the
 * source calls {@link #resume} and the target closes its fd (silent too).
 *
 * <p>A socket between dump and resume/close, or between restore and release, has a drop-all
 * socket filter attached: every packet of the flow is discarded before TCP sees it, so its state
 * cannot move under the image; the peer recovers the discarded segments by retransmission.
 */
public final class TcpRepair {
    private TcpRepair() {}

    /**
     * Freezes and reads an established socket: attaches the drop-all filter first, then enters
     * repair mode and reads options, sequence numbers, windows and the queues. The socket stays
     * frozen (filter on, repair mode) until {@link #resume} or close; closing it is silent. If the
     * dump fails, the socket is thawed again (as {@link #resume}) and the failure is thrown.
     * While frozen, reads fail with EPERM and writes with EINVAL: stop reading (Netty: autoRead
     * off) and writing the socket before the dump. Only ESTABLISHED sockets are dumped; bytes in
     * the out-of-order queue are not (the peer resends them).
     *
     * @param consumed request bytes the application already read from the socket; the new owner
     *                 reads them again ahead of the unread bytes
     */
    public static SocketImage dump(int fd, byte[] consumed) {
        Objects.requireNonNull(consumed, "consumed");
        try (Frame f = new Frame()) {
            DropFilter.attach(f, fd);
            try {
                repairMode(f, fd, REPAIR_ON);
                return Dumper.read(f, fd, consumed);
            } catch (RuntimeException e) {
                thaw(f, fd);
                throw e;
            }
        }
    }

    /**
     * Undoes a {@link #dump} on the source (hand-off aborted): leaves repair mode without a window
     * probe (TCP_REPAIR = -1), then detaches the filter. The connection goes on with no byte lost;
     * segments dropped while frozen come back by retransmission.
     */
    public static void resume(int fd) {
        try (Frame f = new Frame()) {
            repairMode(f, fd, REPAIR_OFF_NO_WINDOW_PROBE);
            reuseAgain(f, fd);
            detachFilter(f, fd);
        }
    }

    /**
     * Rebuilds the socket of {@code img} in the calling thread's network namespace and returns its
     * fd: non-blocking, close-on-exec, in repair mode with the drop-all filter on (silent until
     * {@link #release}), and claimed (IP_TRANSPARENT, which the node's flow rules accept). The local address must be assignable here (the VIP). Within one namespace
     * the source socket must be closed first (connect refuses a 4-tuple that is still in use,
     * EADDRNOTAVAIL); a listener on the port, wildcard or not, is no obstacle. Receive or send
     * buffers too small for the image's queues are raised with SO_RCVBUFFORCE / SO_SNDBUFFORCE
     * (to at least the default autotuning ceilings, as that locks their size). On failure nothing
     * is left open.
     */
    public static int restore(SocketImage img) {
        Objects.requireNonNull(img, "img");
        try (Frame f = new Frame()) {
            int fd = f.socket(LibC.AF_INET, LibC.SOCK_STREAM | LibC.SOCK_CLOEXEC | LibC.SOCK_NONBLOCK);
            try {
                Restorer.rebuild(f, fd, img);
                return fd;
            } catch (RuntimeException e) {
                f.closeQuietly(fd);
                throw e;
            }
        }
    }

    /**
     * Makes a restored socket live: detaches the filter, leaves repair mode with a window probe
     * (TCP_REPAIR = 0, so the peer answers at once and the unacked bytes are acknowledged or
     * retransmitted), then writes the image's unsent bytes as ordinary data. {@code img} must be
     * the image {@code fd} was restored from: the unsent bytes are not in the kernel before this
     * call (sending them in repair mode would mark them as already sent). They fit the send buffer
     * that restore sized, so this does not block on a non-blocking fd.
     */
    public static void release(int fd, SocketImage img) {
        Objects.requireNonNull(img, "img");
        activate(fd);
        sendUnsent(fd, img);
    }

    /**
     * The first half of {@link #release}: detaches the filter and leaves repair mode with a window
     * probe. Until this returns the socket is not live; when it throws, it is not live either (still
     * in repair mode), so the caller may give it up silently.
     */
    public static void activate(int fd) {
        try (Frame f = new Frame()) {
            detachFilter(f, fd);
            repairMode(f, fd, REPAIR_OFF);
            reuseAgain(f, fd);
        }
    }

    /**
     * Leaving repair mode resets the socket's reuse flag (the kernel's forced reuse goes to "no
     * reuse"): without SO_REUSEADDR again, this socket, and its orphan after the process dies, would
     * make a later bind of the VIP listener on the same port fail (EADDRINUSE when a node restarts).
     */
    private static void reuseAgain(Frame f, int fd) {
        f.setInt(fd, LibC.SOL_SOCKET, LibC.SO_REUSEADDR, 1, "setsockopt(SO_REUSEADDR)");
    }

    /** The second half of {@link #release}: the image's unsent bytes, on a socket that is live now. */
    public static void sendUnsent(int fd, SocketImage img) {
        Objects.requireNonNull(img, "img");
        MemorySegment unsent = img.unsentView();
        if (unsent.byteSize() == 0) return;
        try (Frame f = new Frame()) {
            MemorySegment buf = f.buffer(unsent.byteSize());
            MemorySegment.copy(unsent, 0, buf, 0, unsent.byteSize());
            f.sendAll(fd, buf, 0, "send(unsent bytes)");
        }
    }

    /**
     * Fails with a message naming what is missing unless this process may use TCP_REPAIR,
     * TCP_REPAIR_WINDOW and socket filters in the calling thread's namespace.
     */
    public static void checkAvailable() {
        try (Frame f = new Frame()) {
            int fd = f.socket(LibC.AF_INET, LibC.SOCK_STREAM | LibC.SOCK_CLOEXEC);
            try {
                int e = DropFilter.tryAttach(f, fd);
                if (e != 0) throw f.fail("socket filters (SO_ATTACH_FILTER, CONFIG_BPF) unavailable", e);
                detachFilter(f, fd);
                repairMode(f, fd, REPAIR_ON);
                int w = f.trySet(fd, LibC.IPPROTO_TCP, TCP_REPAIR_WINDOW, f.struct(REPAIR_WINDOW_BYTES));
                if (w == ENOPROTOOPT) throw f.fail("TCP_REPAIR_WINDOW unsupported (Linux >= 4.8 needed)", w);
                repairMode(f, fd, REPAIR_OFF_NO_WINDOW_PROBE);
            } finally {
                f.closeQuietly(fd);
            }
        }
    }

    static void repairMode(Frame f, int fd, int mode) {
        int e = f.trySetInt(fd, LibC.IPPROTO_TCP, TCP_REPAIR, mode);
        if (e == 0) return;
        String call = "setsockopt(TCP_REPAIR=" + mode + ")";
        if (e == EPERM) throw f.fail(call + ": TCP_REPAIR needs CAP_NET_ADMIN / CAP_CHECKPOINT_RESTORE", e);
        if (e == ENOPROTOOPT) throw f.fail(call + ": kernel lacks TCP_REPAIR (Linux >= 3.5)", e);
        throw f.fail(call, e);
    }

    private static void detachFilter(Frame f, int fd) {
        int e = f.trySetInt(fd, LibC.SOL_SOCKET, LibC.SO_DETACH_FILTER, 0);
        if (e != 0 && e != ENOENT) throw f.fail("setsockopt(SO_DETACH_FILTER)", e);
    }

    /**
     * Best-effort undo of a half-done dump; the dump's own failure is what the caller sees. The socket
     * is served on here, so it gets SO_REUSEADDR back as on every way out of repair mode: without it,
     * its orphan after the process stops would keep a restarted node from binding its VIP listener.
     */
    private static void thaw(Frame f, int fd) {
        f.trySetInt(fd, LibC.IPPROTO_TCP, TCP_REPAIR, REPAIR_OFF_NO_WINDOW_PROBE);
        f.trySetInt(fd, LibC.SOL_SOCKET, LibC.SO_REUSEADDR, 1);
        f.trySetInt(fd, LibC.SOL_SOCKET, LibC.SO_DETACH_FILTER, 0);
    }
}
