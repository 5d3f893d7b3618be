package dts.splicer.repair;

import dts.splicer.sys.LibC;
import dts.splicer.sys.Netns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Arrays;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * Micro benchmark, figures only (no timing assertion): one loopback connection is handed over to
 * itself again and again, as an inspector hand-off does it: dump with a 300-byte consumed
 * request, silent close, restore (pair), then release and the new owner reading the request back.
 * Output goes to the surefire report ({@code target/surefire-reports/*RepairBenchTest-output.txt}).
 */
@Timeout(300)
class RepairBenchTest {
    private static final String NS = TestNs.name("bench");
    private static final Endpoint SERVER = new Endpoint(0x7f000001, 18081);
    private static final int WARMUP = 3000;
    private static final int PAIRS = 2000;

    @Test
    void dumpRestorePairs() throws Exception {
        TcpRepair.checkAvailable();
        byte[] request = ClientSide.random(300, 31);
        try (LoopbackNet net = LoopbackNet.create(NS)) {
            int listener = Netns.call(NS, () -> RawTcp.listen(SERVER));
            try (ClientSide client = ClientSide.connect(NS, null, SERVER)) {
                int first = RawTcp.accept(listener);
                LibC.close(listener);
                net.guard(SERVER.port());
                long[][] ns = Netns.call(NS, () -> run(first, request));
                print("dump", ns[0]);
                print("restore", ns[1]);
                print("dump+close+restore pair", ns[2]);
                print("release (+unsent)", ns[3]);
                print("toBytes+fromBytes", ns[4]);
                client.assertUndisturbed("after the benchmark");
            }
        }
    }

    private static long[][] run(int firstFd, byte[] request) {
        long[][] t = new long[5][PAIRS];
        int fd = firstFd;
        for (int i = -WARMUP; i < PAIRS; i++) {
            long t0 = System.nanoTime();
            SocketImage img = TcpRepair.dump(fd, request);
            long t1 = System.nanoTime();
            LibC.close(fd);
            fd = TcpRepair.restore(img);
            long t2 = System.nanoTime();
            TcpRepair.release(fd, img);
            long t3 = System.nanoTime();
            SocketImage.fromBytes(img.toBytes());
            long t4 = System.nanoTime();
            LibC.setNonBlocking(fd, false);
            assertArrayEquals(request, RawTcp.readExactly(fd, request.length));
            if (i >= 0) {
                t[0][i] = t1 - t0;
                t[1][i] = t2 - t1;
                t[2][i] = t2 - t0;
                t[3][i] = t3 - t2;
                t[4][i] = t4 - t3;
            }
        }
        LibC.close(fd);
        return t;
    }

    private static void print(String what, long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        int p99 = (int) (s.length * 0.99);
        double mean = Arrays.stream(s).average().orElse(0) / 1000.0;
        double trimmed = Arrays.stream(s, 0, p99 + 1).average().orElse(0) / 1000.0;  // without the slowest 1 %
        System.out.printf(Locale.ROOT, "repair bench %-26s n=%d mean=%.1f us mean(<=p99)=%.1f us p50=%.1f us p99=%.1f us max=%.1f us%n",
                what, s.length, mean, trimmed, s[s.length / 2] / 1000.0, s[p99] / 1000.0, s[s.length - 1] / 1000.0);
    }
}
