package dts.splicer.repair;

import dts.splicer.sys.LibC;
import dts.splicer.sys.Netns;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetSocketAddress;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Zero loss while frozen ({@link SegmentTap}), on the hub of {@link HubCluster}: the client writes
 * while its connection is frozen at the source (after the dump) and again while the restored socket
 * at the target is held (before release). Both writes are dropped by the frozen sockets; the taps
 * hold them, and once the target's socket is live they go in again: every byte arrives at once, and
 * the client sends nothing twice. The control case (no re-injection) shows what the tap saves: the
 * bytes come only when the client sends them again (a loss probe or its timeout, 150 ms or more later).
 */
@Timeout(120)
class FrozenSegmentsTest {
    private static final int PORT = 8080;
    private static final Endpoint SERVER = Endpoint.of(new InetSocketAddress(HubCluster.VIP, PORT));
    private static final Endpoint CLIENT = Endpoint.of(new InetSocketAddress(HubCluster.CLIENT, 40002));
    private static final byte[] REQUEST = ClientSide.random(300, 31);
    private static final byte[] DURING_DUMP = ClientSide.random(900, 32);
    private static final byte[] DURING_HOLD = ClientSide.random(700, 33);
    /** Well under the client's smallest retransmission timeout (200 ms). */
    private static final long PROMPT_MILLIS = 100;

    private HubSession session;
    private ClientSide client;
    private SegmentTap srcTap;
    private SegmentTap dstTap;
    private int srcFd = -1;
    private int dstFd = -1;

    @BeforeEach
    void setUp() {
        session = HubSession.open(PORT, CLIENT, SERVER);
        client = session.client;
        srcFd = session.srcFd;
        srcTap = Netns.call(HubCluster.SRC, () -> SegmentTap.open(SERVER, 1 << 20));
        dstTap = Netns.call(HubCluster.DST, () -> SegmentTap.open(SERVER, 1 << 20));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (dstFd >= 0) LibC.close(dstFd);
        if (srcTap != null) srcTap.close();
        if (dstTap != null) dstTap.close();
        if (session != null) {
            session.srcFd = srcFd;
            session.close();
        }
    }

    @Test
    void segmentsSentWhileFrozenArriveAtOnceAfterTheMove() throws Exception {
        long timeoutsBefore = Cmd.netstat(HubCluster.CLI, "TcpExt", "TCPTimeouts");
        long retransBefore = Cmd.snmp(HubCluster.CLI, "Tcp", "RetransSegs");
        long arrivedMillis = move(true);
        System.out.println("tap: arrived after " + arrivedMillis + " ms, client retransmitted "
                + (Cmd.snmp(HubCluster.CLI, "Tcp", "RetransSegs") - retransBefore) + " segments");
        assertTrue(arrivedMillis < PROMPT_MILLIS, "bytes sent while frozen arrived after " + arrivedMillis + " ms");
        assertEquals(0, Cmd.netstat(HubCluster.CLI, "TcpExt", "TCPTimeouts") - timeoutsBefore, "client retransmission timeouts");
        assertEquals(0, Cmd.snmp(HubCluster.CLI, "Tcp", "RetransSegs") - retransBefore, "segments the client sent again");
        assertTrue(srcTap.captured.sum() >= 1 && dstTap.captured.sum() >= 1,
                "segments held: source " + srcTap.captured.sum() + ", target " + dstTap.captured.sum());
        assertTrue(dstTap.reinjected.sum() >= 2, "segments re-injected: " + dstTap.reinjected.sum());
        assertEquals(0, srcTap.watching() + dstTap.watching(), "flows still watched");
        assertEquals(0, Cmd.snmp(HubCluster.DST, "Tcp", "OutRsts"), "RSTs sent by dst");
    }

    @Test
    void withoutReinjectionTheClientWaitsForItsTimeout() throws Exception {
        long timeoutsBefore = Cmd.netstat(HubCluster.CLI, "TcpExt", "TCPTimeouts");
        long retransBefore = Cmd.snmp(HubCluster.CLI, "Tcp", "RetransSegs");
        long probesBefore = Cmd.netstat(HubCluster.CLI, "TcpExt", "TCPLossProbes");
        long arrivedMillis = move(false);
        System.out.println("control: arrived after " + arrivedMillis + " ms, client retransmitted "
                + (Cmd.snmp(HubCluster.CLI, "Tcp", "RetransSegs") - retransBefore) + " segments, loss probes "
                + (Cmd.netstat(HubCluster.CLI, "TcpExt", "TCPLossProbes") - probesBefore) + ", timeouts "
                + (Cmd.netstat(HubCluster.CLI, "TcpExt", "TCPTimeouts") - timeoutsBefore));
        assertTrue(arrivedMillis >= PROMPT_MILLIS, "control: bytes arrived after " + arrivedMillis + " ms without the tap");
        assertTrue(Cmd.snmp(HubCluster.CLI, "Tcp", "RetransSegs") - retransBefore >= 1, "control: the client had to send again");
    }

    /** Moves the connection src → dst with client writes in both frozen phases; ms from release until every byte is readable. */
    private long move(boolean reinject) throws Exception {
        client.write(REQUEST);
        byte[] consumed = RawTcp.readExactly(srcFd, REQUEST.length);

        srcTap.watch(CLIENT);
        SocketImage img = TcpRepair.dump(srcFd, consumed);
        client.write(DURING_DUMP);
        Thread.sleep(15);

        byte[] wire = img.toBytes();
        dstFd = Netns.call(HubCluster.DST, () -> TcpRepair.restore(SocketImage.fromBytes(wire)));
        dstTap.watch(CLIENT);
        client.write(DURING_HOLD);
        Thread.sleep(15);

        List<byte[]> fromSource = srcTap.take(CLIENT); // what the COMMIT carries
        LibC.close(srcFd);
        srcFd = -1;
        srcTap.unwatch(CLIENT);
        TcpRepair.release(dstFd, SocketImage.fromBytes(wire));
        long released = System.nanoTime();
        if (reinject) {
            dstTap.reinject(CLIENT, fromSource);
            dstTap.reinject(CLIENT, dstTap.take(CLIENT));
        }
        dstTap.unwatch(CLIENT);

        byte[] got = RawTcp.readExactly(dstFd, REQUEST.length + DURING_DUMP.length + DURING_HOLD.length);
        long millis = (System.nanoTime() - released) / 1_000_000;
        assertEquals(ClientSide.sha(REQUEST, DURING_DUMP, DURING_HOLD), ClientSide.sha(got), "request stream at the target");
        return millis;
    }
}
