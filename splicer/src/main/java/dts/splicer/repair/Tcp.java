package dts.splicer.repair;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/** Linux TCP repair constants (include/uapi/linux/tcp.h, x86_64) and the shared drop-all filter. */
final class Tcp {
    static final int TCP_MAXSEG = 2;
    static final int TCP_INFO = 11;
    static final int TCP_REPAIR = 19;
    static final int TCP_REPAIR_QUEUE = 20;
    static final int TCP_QUEUE_SEQ = 21;
    static final int TCP_REPAIR_OPTIONS = 22;
    static final int TCP_TIMESTAMP = 24;
    static final int TCP_REPAIR_WINDOW = 29;

    static final int REPAIR_ON = 1;
    static final int REPAIR_OFF = 0;
    static final int REPAIR_OFF_NO_WINDOW_PROBE = -1;

    static final int QUEUE_NONE = 0;
    static final int QUEUE_RECV = 1;
    static final int QUEUE_SEND = 2;

    static final int OPT_MSS = 2;
    static final int OPT_WINDOW = 3;
    static final int OPT_SACK_PERM = 4;
    static final int OPT_TIMESTAMP = 8;

    static final int STATE_ESTABLISHED = 1;
    static final int TCP_INFO_PREFIX_BYTES = 8;
    static final int REPAIR_WINDOW_BYTES = 20;

    static final int SO_SNDBUF = 7;
    static final int SO_RCVBUF = 8;
    static final int SO_SNDBUFFORCE = 32;
    static final int SO_RCVBUFFORCE = 33;

    static final int ENOENT = 2;
    static final int EPERM = 1;
    static final int ENOPROTOOPT = 92;

    /**
     * struct sock_fprog with one classic BPF instruction {@code ret #0}: every packet is dropped
     * before TCP sees it. Immutable, allocated once, shared by all threads.
     */
    static final MemorySegment DROP_ALL_PROGRAM = dropAllProgram();

    private Tcp() {}

    private static MemorySegment dropAllProgram() {
        Arena global = Arena.global();
        MemorySegment insn = global.allocate(8, 8);       // struct sock_filter {u16 code; u8 jt; u8 jf; u32 k}
        insn.set(JAVA_SHORT, 0, (short) 0x06);            // BPF_RET | BPF_K
        insn.set(JAVA_BYTE, 2, (byte) 0);
        insn.set(JAVA_BYTE, 3, (byte) 0);
        insn.set(JAVA_INT, 4, 0);                         // k = 0: accept 0 bytes = drop
        MemorySegment prog = global.allocate(16, 8);      // struct sock_fprog {u16 len; pad; ptr filter}
        prog.set(JAVA_SHORT, 0, (short) 1);
        prog.set(ADDRESS, 8, insn);
        return prog;
    }
}
