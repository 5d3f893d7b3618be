package dts.splicer.repair;

import dts.splicer.sys.LibC;
import dts.splicer.sys.SysException;

import java.lang.foreign.MemorySegment;

import static dts.splicer.repair.Tcp.*;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/** Rebuilds a socket from an image (see {@link TcpRepair#restore}). */
final class Restorer {
    /** Head-room over the queued bytes: one more skb of up to 64 KiB plus its overhead. */
    private static final int BUFFER_SLACK_BYTES = 96 << 10;
    /** When a buffer must be forced, never below the kernel's default autotuning ceilings (tcp_wmem[2], tcp_rmem[2]). */
    private static final int SNDBUF_FLOOR_BYTES = 4 << 20;
    private static final int RCVBUF_FLOOR_BYTES = 6 << 20;

    private Restorer() {}

    /** Steps after socket(): the caller owns {@code fd} and closes it on failure. */
    private static final int MAX_USER_MSS = 32767;

    static void rebuild(Frame f, int fd, SocketImage img) {
        int tcp = LibC.IPPROTO_TCP;
        // SO_REUSEADDR before TCP_REPAIR=1: setting it later clears the forced reuse that lets bind
        // share the port with a wildcard listener (DESIGN.md section 2).
        f.setInt(fd, LibC.SOL_SOCKET, LibC.SO_REUSEADDR, 1, "setsockopt(SO_REUSEADDR)");
        DropFilter.attach(f, fd);
        TcpRepair.repairMode(f, fd, REPAIR_ON);
        int recvBytes = (int) (img.consumedView().byteSize() + img.unreadView().byteSize());
        int sendBytes = (int) (img.unackedView().byteSize() + img.unsentView().byteSize());
        f.bind(fd, img.local());
        // the claim the node's flow rules look for (FlowTable.claim): the socket holds its flow here, in
        // every state up to TIME_WAIT, which inherits it. Only after bind, which must still refuse an
        // address that is not this host's (IP_TRANSPARENT would let it bind any)
        f.setInt(fd, LibC.SOL_IP, LibC.IP_TRANSPARENT, 1, "setsockopt(IP_TRANSPARENT)");
        f.setInt(fd, tcp, TCP_REPAIR_QUEUE, QUEUE_SEND, "setsockopt(TCP_REPAIR_QUEUE=SEND)");
        f.setInt(fd, tcp, TCP_QUEUE_SEQ, img.sendUna(), "setsockopt(TCP_QUEUE_SEQ, SEND)");
        f.setInt(fd, tcp, TCP_REPAIR_QUEUE, QUEUE_RECV, "setsockopt(TCP_REPAIR_QUEUE=RECV)");
        f.setInt(fd, tcp, TCP_QUEUE_SEQ, img.recvQueueStart(), "setsockopt(TCP_QUEUE_SEQ, RECV)");
        // TCP_MAXSEG before connect: connect sizes mss_cache from user_mss and the route; the MSS
        // repair option set later only raises the clamp, so without this the socket sends 524-byte segments
        // (the kernel takes at most MAX_TCP_WINDOW = 32767 here; loopback's 65483 is clamped to that)
        f.setInt(fd, tcp, Tcp.TCP_MAXSEG, Math.min(img.mss(), MAX_USER_MSS), "setsockopt(TCP_MAXSEG)");
        f.connect(fd, img.remote());  // repair mode: no SYN, straight to ESTABLISHED
        f.set(fd, tcp, TCP_REPAIR_OPTIONS, options(f, img), "setsockopt(TCP_REPAIR_OPTIONS)");
        f.setInt(fd, tcp, TCP_TIMESTAMP, img.tsval(), "setsockopt(TCP_TIMESTAMP)");
        // after connect: the connected socket's initial (autotuned) sizes count
        ensureBuffer(f, fd, Tcp.SO_RCVBUF, Tcp.SO_RCVBUFFORCE, recvBytes, RCVBUF_FLOOR_BYTES, "SO_RCVBUF");
        ensureBuffer(f, fd, Tcp.SO_SNDBUF, Tcp.SO_SNDBUFFORCE, sendBytes, SNDBUF_FLOOR_BYTES, "SO_SNDBUF");
        if (recvBytes > 0) {  // still on the RECV queue: consumed then unread
            MemorySegment buf = f.buffer(recvBytes);
            long consumed = img.consumedView().byteSize();
            MemorySegment.copy(img.consumedView(), 0, buf, 0, consumed);
            MemorySegment.copy(img.unreadView(), 0, buf, consumed, img.unreadView().byteSize());
            f.sendAll(fd, buf, 0, "send(receive queue)");
        }
        if (img.unackedView().byteSize() > 0) {
            f.setInt(fd, tcp, TCP_REPAIR_QUEUE, QUEUE_SEND, "setsockopt(TCP_REPAIR_QUEUE=SEND)");
            MemorySegment buf = f.buffer(img.unackedView().byteSize());
            MemorySegment.copy(img.unackedView(), 0, buf, 0, buf.byteSize());
            f.sendAll(fd, buf, 0, "send(send queue)");
        }
        RepairWindow w = img.window();
        MemorySegment win = f.struct(REPAIR_WINDOW_BYTES);
        win.setAtIndex(JAVA_INT, 0, w.sndWl1());
        win.setAtIndex(JAVA_INT, 1, w.sndWnd());
        win.setAtIndex(JAVA_INT, 2, w.maxWindow());
        win.setAtIndex(JAVA_INT, 3, w.rcvWnd());
        win.setAtIndex(JAVA_INT, 4, w.rcvWup());
        f.set(fd, tcp, TCP_REPAIR_WINDOW, win, "setsockopt(TCP_REPAIR_WINDOW)");
        // until release a stray write fails (EINVAL) instead of being queued as "sent"
        f.setInt(fd, tcp, TCP_REPAIR_QUEUE, QUEUE_NONE, "setsockopt(TCP_REPAIR_QUEUE=NONE)");
    }

    /** struct tcp_repair_opt[]: MSS always, then window scale, timestamps and SACK as negotiated. */
    private static MemorySegment options(Frame f, SocketImage img) {
        int n = 1 + (img.has(SocketImage.OPT_WSCALE) ? 1 : 0) + (img.has(SocketImage.OPT_TIMESTAMPS) ? 1 : 0)
                + (img.has(SocketImage.OPT_SACK) ? 1 : 0);
        MemorySegment opts = f.struct(8 * n);
        int i = 0;
        i = put(opts, i, OPT_MSS, img.mss());
        if (img.has(SocketImage.OPT_WSCALE)) i = put(opts, i, OPT_WINDOW, img.sndWscale() | (img.rcvWscale() << 16));
        if (img.has(SocketImage.OPT_TIMESTAMPS)) i = put(opts, i, OPT_TIMESTAMP, 0);
        if (img.has(SocketImage.OPT_SACK)) put(opts, i, OPT_SACK_PERM, 0);
        return opts;
    }

    private static int put(MemorySegment opts, int i, int code, int value) {
        opts.setAtIndex(JAVA_INT, 2L * i, code);
        opts.setAtIndex(JAVA_INT, 2L * i + 1, value);
        return i + 1;
    }

    /**
     * Queues rebuilt in repair mode are charged to the socket's buffers at once (and the unsent
     * bytes are written on release), so a buffer smaller than them would refuse the bytes. Only
     * then raise it, with the FORCE option (CAP_NET_ADMIN) so net.core.*mem_max does not cap it.
     * That locks the buffer's size for the socket's life (no more autotuning), hence the floor:
     * a locked buffer at the autotuning ceiling costs memory, not throughput.
     */
    private static void ensureBuffer(Frame f, int fd, int opt, int forceOpt, int queued, int floor, String name) {
        if (queued == 0) return;
        long needed = queued + queued / 4L + BUFFER_SLACK_BYTES;  // skb overhead (truesize) is < 15 %
        int current = f.getInt(fd, LibC.SOL_SOCKET, opt, "getsockopt(" + name + ")");
        if (current >= needed) return;
        needed = Math.max(needed, floor);
        int request = (int) Math.min(Integer.MAX_VALUE / 2, (needed + 1) / 2);  // the kernel doubles it
        f.setInt(fd, LibC.SOL_SOCKET, forceOpt, request, "setsockopt(" + name + "FORCE)");
        if (f.getInt(fd, LibC.SOL_SOCKET, opt, "getsockopt(" + name + ")") < needed) {
            throw new SysException(name + ": below " + needed + " bytes after " + name + "FORCE");
        }
    }
}
