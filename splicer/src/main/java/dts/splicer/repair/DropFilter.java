package dts.splicer.repair;

import dts.splicer.sys.LibC;
import dts.splicer.sys.SysException;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The drop-all socket filter that freezes a socket (every segment discarded before TCP sees it).
 * Attaching a classic BPF program makes the kernel check it, translate it and compile it again on
 * every attach: ~0.1 ms here, twice per hand-off (source and target). An eBPF socket-filter program
 * ({@code r0 = 0; exit}) loaded once per process is attached by reference instead
 * ({@code SO_ATTACH_BPF} with its fd). Where the kernel refuses to load it (no bpf(2) for this
 * process), the classic program is attached as before. Both detach with {@code SO_DETACH_FILTER}.
 */
final class DropFilter {
    private static final int BPF_PROG_LOAD = 5;
    private static final int BPF_PROG_TYPE_SOCKET_FILTER = 1;
    /** union bpf_attr for BPF_PROG_LOAD, zero beyond the fields set here. */
    private static final int ATTR_BYTES = 128;
    /** The program's fd, or -1 when loading failed (classic program then). */
    private static final int PROGRAM_FD = load();

    private DropFilter() {}

    /** Attaches the drop-all filter to {@code fd}; returns 0 or the errno of a refused setsockopt. */
    static int tryAttach(Frame f, int fd) {
        if (PROGRAM_FD >= 0) {
            int e = f.trySetInt(fd, LibC.SOL_SOCKET, LibC.SO_ATTACH_BPF, PROGRAM_FD);
            if (e == 0) return 0;
        }
        return f.trySet(fd, LibC.SOL_SOCKET, LibC.SO_ATTACH_FILTER, Tcp.DROP_ALL_PROGRAM);
    }

    static void attach(Frame f, int fd) {
        int e = tryAttach(f, fd);
        if (e != 0) throw f.fail("setsockopt(SO_ATTACH_FILTER)", e);
    }

    /** Whether frozen sockets get the loaded eBPF program (false: the classic one, compiled per attach). */
    static boolean loaded() { return PROGRAM_FD >= 0; }

    private static int load() {
        Arena global = Arena.global();
        MemorySegment insns = global.allocate(16, 8);
        insns.set(JAVA_BYTE, 0, (byte) 0xb7); // BPF_ALU64 | BPF_MOV | BPF_K: r0 = 0 (keep 0 bytes: drop)
        insns.set(JAVA_BYTE, 8, (byte) 0x95); // BPF_JMP | BPF_EXIT
        MemorySegment license = global.allocateFrom("GPL");
        MemorySegment attr = global.allocate(ATTR_BYTES, 8);
        attr.set(JAVA_INT, 0, BPF_PROG_TYPE_SOCKET_FILTER);
        attr.set(JAVA_INT, 4, 2);                       // insn_cnt
        attr.set(JAVA_LONG, 8, insns.address());
        attr.set(JAVA_LONG, 16, license.address());
        try {
            return LibC.bpf(BPF_PROG_LOAD, attr);
        } catch (SysException e) {
            return -1;
        }
    }
}
