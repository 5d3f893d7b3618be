package dts.splicer.repair;

import dts.splicer.sys.LibC;
import dts.splicer.sys.SysException;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

import static dts.splicer.repair.Tcp.*;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/** Reads a socket that is already filtered and in repair mode (see {@link TcpRepair#dump}). */
final class Dumper {
    private static final int OPTION_MASK = SocketImage.OPT_TIMESTAMPS | SocketImage.OPT_SACK | SocketImage.OPT_WSCALE;
    private static final byte[] EMPTY = new byte[0];
    private static final String[] STATES = {"?", "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2",
            "TIME_WAIT", "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING", "NEW_SYN_RECV", "BOUND_INACTIVE"};

    private Dumper() {}

    static SocketImage read(Frame f, int fd, byte[] consumed) {
        MemorySegment info = f.struct(TCP_INFO_PREFIX_BYTES);
        f.get(fd, LibC.IPPROTO_TCP, TCP_INFO, info, "getsockopt(TCP_INFO)");
        int state = info.get(JAVA_BYTE, 0) & 0xff;
        int options = info.get(JAVA_BYTE, 5) & OPTION_MASK;
        int wscales = info.get(JAVA_BYTE, 6) & 0xff;  // bit fields: snd_wscale:4 (low), rcv_wscale:4 (high)
        if (state != STATE_ESTABLISHED) {
            String name = state < STATES.length ? STATES[state] : Integer.toString(state);
            throw new SysException("tcp state: " + name + " (expected: ESTABLISHED)");
        }
        int mss = f.getInt(fd, LibC.IPPROTO_TCP, TCP_MAXSEG, "getsockopt(TCP_MAXSEG)");  // mss_clamp in repair mode
        int outq = f.ioctlInt(fd, LibC.SIOCOUTQ, "ioctl(SIOCOUTQ)");
        int notSent = f.ioctlInt(fd, LibC.SIOCOUTQNSD, "ioctl(SIOCOUTQNSD)");
        int inq = f.ioctlInt(fd, LibC.SIOCINQ, "ioctl(SIOCINQ)");

        f.setInt(fd, LibC.IPPROTO_TCP, TCP_REPAIR_QUEUE, QUEUE_RECV, "setsockopt(TCP_REPAIR_QUEUE=RECV)");
        int recvSeq = f.getInt(fd, LibC.IPPROTO_TCP, TCP_QUEUE_SEQ, "getsockopt(TCP_QUEUE_SEQ, RECV)");
        byte[] unread = inq > 0 ? f.peek(fd, inq, "recv(MSG_PEEK, receive queue)") : EMPTY;

        f.setInt(fd, LibC.IPPROTO_TCP, TCP_REPAIR_QUEUE, QUEUE_SEND, "setsockopt(TCP_REPAIR_QUEUE=SEND)");
        int sendSeq = f.getInt(fd, LibC.IPPROTO_TCP, TCP_QUEUE_SEQ, "getsockopt(TCP_QUEUE_SEQ, SEND)");
        byte[] sendQueue = outq > 0 ? f.peek(fd, outq, "recv(MSG_PEEK, send queue)") : EMPTY;
        if (notSent < 0 || notSent > outq) {
            throw new SysException("SIOCOUTQNSD: " + notSent + " (expected: 0.." + outq + ")");
        }
        int unackedLen = outq - notSent;
        byte[] unacked = notSent == 0 ? sendQueue : Arrays.copyOfRange(sendQueue, 0, unackedLen);
        byte[] unsent = notSent == 0 ? EMPTY : Arrays.copyOfRange(sendQueue, unackedLen, outq);

        int tsval = f.getInt(fd, LibC.IPPROTO_TCP, TCP_TIMESTAMP, "getsockopt(TCP_TIMESTAMP)");
        MemorySegment w = f.struct(REPAIR_WINDOW_BYTES);
        f.get(fd, LibC.IPPROTO_TCP, TCP_REPAIR_WINDOW, w, "getsockopt(TCP_REPAIR_WINDOW)");
        RepairWindow window = new RepairWindow(w.getAtIndex(JAVA_INT, 0), w.getAtIndex(JAVA_INT, 1),
                w.getAtIndex(JAVA_INT, 2), w.getAtIndex(JAVA_INT, 3), w.getAtIndex(JAVA_INT, 4));
        // no queue selected while frozen: a stray write fails (EINVAL) instead of being queued as "sent"
        f.setInt(fd, LibC.IPPROTO_TCP, TCP_REPAIR_QUEUE, QUEUE_NONE, "setsockopt(TCP_REPAIR_QUEUE=NONE)");
        Endpoint local = f.localName(fd);
        Endpoint remote = f.peerName(fd);
        return new SocketImage(local, remote, sendSeq, recvSeq, mss, wscales & 0xf, wscales >>> 4, options, tsval,
                window, unacked, unsent, unread, consumed);
    }
}
