package dts.splicer.repair;

import dts.splicer.sys.LibC;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The loaded eBPF drop program (root may load it) attaches by reference, drops every segment of the
 * socket it is on, and detaches with SO_DETACH_FILTER; and it costs less per attach than the classic
 * program, which the kernel checks and compiles again each time (figures printed).
 */
class DropFilterTest {
    private static final byte[] LOOPBACK = {127, 0, 0, 1};

    @Test void theLoadedProgramDropsEverySegmentUntilDetached() throws Exception {
        assertTrue(DropFilter.loaded(), "BPF_PROG_LOAD of the drop program (CI runs as root)");
        try (ServerSocket l = new ServerSocket(0, 1, InetAddress.getByAddress(LOOPBACK)); Arena a = Arena.ofConfined()) {
            int fd = LibC.socket(LibC.AF_INET, LibC.SOCK_STREAM | LibC.SOCK_CLOEXEC, 0);
            try {
                LibC.connect(fd, LOOPBACK, l.getLocalPort());
                try (Socket s = l.accept(); Frame f = new Frame()) {
                    assertEquals(0, DropFilter.tryAttach(f, fd));
                    s.getOutputStream().write(7);
                    MemorySegment buf = a.allocate(16);
                    MemorySegment st = LibC.newCallState(a);
                    Thread.sleep(300);
                    assertEquals(-1, LibC.recv(fd, buf, 16, LibC.MSG_DONTWAIT, st), "a segment reached the filtered socket");
                    LibC.setInt(fd, LibC.SOL_SOCKET, LibC.SO_DETACH_FILTER, 0);
                    long deadline = System.nanoTime() + 5_000_000_000L;
                    long n;
                    while ((n = LibC.recv(fd, buf, 16, LibC.MSG_DONTWAIT, st)) < 0) {
                        assertTrue(System.nanoTime() < deadline, "no retransmission after the detach");
                        Thread.sleep(20);
                    }
                    assertEquals(1, n);
                    assertEquals(7, buf.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 0));
                }
            } finally {
                LibC.close(fd);
            }
        }
    }

    @Test void attachCosts() {
        int fd = LibC.socket(LibC.AF_INET, LibC.SOCK_STREAM | LibC.SOCK_CLOEXEC, 0);
        try (Frame f = new Frame()) {
            int n = 2000;
            double loaded = 0;
            double classic = 0;
            for (int round = 0; round < 3; round++) { // the last round counts
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    DropFilter.attach(f, fd);
                    f.setInt(fd, LibC.SOL_SOCKET, LibC.SO_DETACH_FILTER, 0, "detach");
                }
                loaded = (System.nanoTime() - t0) / 1e3 / n;
                t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    f.set(fd, LibC.SOL_SOCKET, LibC.SO_ATTACH_FILTER, Tcp.DROP_ALL_PROGRAM, "attach classic");
                    f.setInt(fd, LibC.SOL_SOCKET, LibC.SO_DETACH_FILTER, 0, "detach");
                }
                classic = (System.nanoTime() - t0) / 1e3 / n;
            }
            System.out.printf("drop filter attach+detach: loaded eBPF program %.1f us, classic program %.1f us (%.1fx)%n",
                    loaded, classic, classic / loaded);
        } finally {
            LibC.close(fd);
        }
    }
}
