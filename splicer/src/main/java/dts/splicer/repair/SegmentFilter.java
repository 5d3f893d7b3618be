package dts.splicer.repair;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * The classic BPF program of a {@link SegmentTap}'s packet socket: passes whole IPv4 packets to
 * {@code server} that carry TCP payload or a FIN, not arriving on loopback (where the tap's own
 * re-injections come back in), unfragmented; drops everything else (pure ACKs above all: a download's
 * ACK stream never reaches user space). Offsets are from the IP header (a SOCK_DGRAM packet socket).
 */
final class SegmentFilter {
    private static final int LD_W_ABS = 0x20, LD_H_ABS = 0x28, LD_B_ABS = 0x30, LD_H_IND = 0x48, LD_B_IND = 0x50, LD_MEM = 0x60;
    private static final int LDX_MSH = 0xb1, ST = 0x02, TAX = 0x07;
    private static final int JEQ_K = 0x15, JSET_K = 0x45, JGE_X = 0x3d;
    private static final int RSH_K = 0x74, AND_K = 0x54, SUB_X = 0x1c;
    private static final int RET_K = 0x06;
    private static final int SKF_AD_IFINDEX = 0xfffff000 + 8;
    private static final int LOOPBACK_IFINDEX = 1;
    private static final int SNAP_BYTES = 0xffff;

    private SegmentFilter() {}

    /** {code, jt, jf, k} per instruction; jumps relative to the next one. */
    static int[][] program(Endpoint server) {
        final int accept = 22, drop = 23;
        int[][] p = {
                {LD_W_ABS, 0, 0, SKF_AD_IFINDEX},          // 0
                {JEQ_K, drop - 2, 0, LOOPBACK_IFINDEX},     // 1
                {LD_B_ABS, 0, 0, 9},                        // 2 protocol
                {JEQ_K, 0, drop - 4, 6},                    // 3 TCP
                {LD_W_ABS, 0, 0, 16},                       // 4 destination address
                {JEQ_K, 0, drop - 6, server.ipv4()},        // 5
                {LD_H_ABS, 0, 0, 6},                        // 6 fragment offset and MF
                {JSET_K, drop - 8, 0, 0x3fff},              // 7
                {LDX_MSH, 0, 0, 0},                         // 8 X = IP header length
                {LD_H_IND, 0, 0, 2},                        // 9 destination port
                {JEQ_K, 0, drop - 11, server.port()},       // 10
                {LD_B_IND, 0, 0, 13},                       // 11 TCP flags
                {JSET_K, accept - 13, 0, 0x01},             // 12 FIN
                {LD_B_IND, 0, 0, 12},                       // 13 data offset
                {RSH_K, 0, 0, 2},                           // 14
                {AND_K, 0, 0, 0x3c},                        // 15 TCP header length
                {ST, 0, 0, 0},                              // 16 M[0]
                {LD_H_ABS, 0, 0, 2},                        // 17 total length
                {SUB_X, 0, 0, 0},                           // 18 - IP header length
                {TAX, 0, 0, 0},                             // 19
                {LD_MEM, 0, 0, 0},                          // 20 TCP header length
                {JGE_X, drop - 22, 0, 0},                   // 21 no payload
                {RET_K, 0, 0, SNAP_BYTES},                  // 22 accept
                {RET_K, 0, 0, 0},                           // 23 drop
        };
        return p;
    }

    /** A {@code struct sock_fprog} for {@code insns}, allocated in {@code arena}. */
    static MemorySegment fprog(Arena arena, int[][] insns) {
        MemorySegment code = arena.allocate(8L * insns.length, 8);
        for (int i = 0; i < insns.length; i++) {
            code.set(JAVA_SHORT, 8L * i, (short) insns[i][0]);
            code.set(JAVA_BYTE, 8L * i + 2, (byte) insns[i][1]);
            code.set(JAVA_BYTE, 8L * i + 3, (byte) insns[i][2]);
            code.set(JAVA_INT, 8L * i + 4, insns[i][3]);
        }
        MemorySegment prog = arena.allocate(16, 8);
        prog.set(JAVA_SHORT, 0, (short) insns.length);
        prog.set(ADDRESS, 8, code);
        return prog;
    }

    /** A program that passes nothing (the tap while no connection is frozen). */
    static int[][] none() { return new int[][] {{RET_K, 0, 0, 0}}; }
}
