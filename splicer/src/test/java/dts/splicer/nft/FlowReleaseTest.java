package dts.splicer.nft;

import dts.splicer.repair.TcpRepair;
import dts.splicer.sys.LibC;
import dts.splicer.sys.Netns;
import dts.splicer.sys.SysException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.stream.IntStream;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How a node holds and lets go of a flow, with real sockets through the flow table: a claimed
 * socket keeps its flow through TIME_WAIT (the client's last FIN is answered, not dropped), and a
 * socket that lets go of its flow is never answered for by TCP again: no RST, whatever the client
 * sends. {@code @mine} entries expire after one second here, so only the claim can hold a flow.
 */
class FlowReleaseTest {
    private static final int BUCKETS = 64;
    private static final FlowTable.Spec SPEC = new FlowTable.Spec(VethPair.VIP, 80, BUCKETS, 0x5eed, 1);
    private static final long MINE_EXPIRED_MILLIS = 1600;
    private static final MethodHandle LISTEN = LibC.downcall("listen", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), LibC.captureErrno());
    private static final MethodHandle ACCEPT = LibC.downcall("accept4", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT), LibC.captureErrno());

    private static VethPair net;
    private static int listener;
    private static FlowTable table;

    @BeforeAll static void setUp() {
        net = new VethPair("dts-t-nft-rel");
        listener = listen();
        table = Netns.call(net.nodeNs, () -> FlowTable.install(SPEC, IntStream.range(0, BUCKETS).toArray()));
        table.renewLease(FlowTable.MAX_LEASE_MILLIS);
    }

    private static int listen() {
        return Netns.call(net.nodeNs, () -> {
            int fd = LibC.socket(LibC.AF_INET, LibC.SOCK_STREAM | LibC.SOCK_CLOEXEC, 0);
            LibC.setInt(fd, LibC.SOL_SOCKET, LibC.SO_REUSEADDR, 1);
            LibC.bind(fd, new byte[4], 80);
            try (Arena a = Arena.ofConfined()) {
                MemorySegment st = LibC.newCallState(a);
                if ((int) LISTEN.invokeExact(st, fd, 16) < 0) throw new SysException("listen: errno " + LibC.errno(st));
            } catch (SysException e) { throw e; } catch (Throwable t) { throw new SysException("listen", t); }
            return fd;
        });
    }

    @AfterAll static void tearDown() {
        if (table != null) table.close();
        if (listener > 0) LibC.close(listener);
        if (net != null) net.close();
    }

    private static int accept() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = LibC.newCallState(a);
            int fd = (int) ACCEPT.invokeExact(st, listener, MemorySegment.NULL, MemorySegment.NULL, LibC.SOCK_CLOEXEC);
            if (fd < 0) throw new SysException("accept: errno " + LibC.errno(st));
            return fd;
        } catch (SysException e) { throw e; } catch (Throwable t) { throw new SysException("accept", t); }
    }

    private static Socket connect() {
        return Netns.call(net.clientNs, () -> {
            Socket s = new Socket();
            s.connect(new InetSocketAddress(VethPair.VIP, 80), 2000);
            s.setSoTimeout(3000);
            return s;
        });
    }

    /** TCP state of the client's socket from {@code port} to VIP:80, e.g. "LAST-ACK"; "" when gone. */
    private static String clientState(int port) {
        return TestNs.inNs(net.clientNs, "ss", "-Htan", "sport", "= :" + port, "dst", VethPair.VIP + ":80").trim();
    }

    private static String nodeStates(int clientPort) {
        return TestNs.inNs(net.nodeNs, "ss", "-Htan", "dst", VethPair.CLIENT_ADDR + ":" + clientPort);
    }

    /** The server closes first; the client closes only after its @mine entry is gone. */
    private static String clientStateAfterServerClosesFirst(boolean claim) throws Exception {
        int port;
        try (Socket c = connect()) {
            port = c.getLocalPort();
            int fd = accept();
            if (claim) FlowTable.claim(fd);
            LibC.shutdown(fd, 1);
            LibC.close(fd); // orphaned: FIN_WAIT2, then a time-wait socket
            assertEquals(-1, c.getInputStream().read(), "the server's FIN");
            Thread.sleep(MINE_EXPIRED_MILLIS);
        } // the client's FIN: answered by the time-wait socket only if the table lets it through
        Thread.sleep(400);
        return clientState(port);
    }

    @Test void aClaimedSocketAnswersTheClientsLastFinFromTimeWait() throws Exception {
        long rsts = net.rstsAtClient();
        String states = clientStateAfterServerClosesFirst(true);
        assertFalse(states.contains("LAST-ACK"), "client left waiting for the ACK of its FIN: " + states);
        assertEquals(rsts, net.rstsAtClient(), "RSTs at the client");
    }

    /** The control: without the claim the same FIN is dropped (so the test above can fail). */
    @Test void anUnclaimedSocketLosesItsFlowAtTimeWait() throws Exception {
        String states = clientStateAfterServerClosesFirst(false);
        assertTrue(states.contains("LAST-ACK"), "expected the client in LAST-ACK: " + states);
    }

    @Test void aSocketThatLetsGoIsClosedAfterTheGraceAndNeverAnswersAgain() throws Exception {
        long rsts = net.rstsAtClient();
        try (Socket c = connect()) {
            int fd = accept();
            FlowTable.claim(fd);
            c.getOutputStream().write(1);
            int port = c.getLocalPort();
            TcpRepair.dump(fd, new byte[0]); // frozen, as a hand-off source is
            java.util.concurrent.CountDownLatch hold = new java.util.concurrent.CountDownLatch(1);
            table.onWorker(() -> awaitQuietly(hold)); // the @mine removal, and so the grace, queue behind this
            table.letGo(fd, new byte[] {(byte) 198, 18, 0, 100}, port);
            try {
                assertTrue(nodeStates(port).contains("ESTAB"), "socket still open until its removal and grace: " + nodeStates(port));
            } finally {
                hold.countDown();
            }
            Thread.sleep(FlowTable.RELEASE_GRACE_MILLIS + 300);
            assertEquals("", nodeStates(port).trim(), "socket closed after the grace");
            for (int i = 0; i < 5; i++) {
                c.getOutputStream().write(new byte[100]);
                Thread.sleep(100);
            }
            Thread.sleep(MINE_EXPIRED_MILLIS); // and once @mine would have expired anyway
            c.getOutputStream().write(new byte[100]);
            Thread.sleep(300);
            assertEquals(rsts, net.rstsAtClient(), "RSTs at the client after the socket let go of its flow");
            assertTrue(clientState(port).startsWith("ESTAB"), "the client still believes in its connection: " + clientState(port));
        } catch (IOException e) {
            throw new AssertionError("client saw " + e, e);
        }
    }

    /** A connection coming back while its old socket waits out the grace frees its 4-tuple at once. */
    @Test void aReturningFlowTakesItsGraveEarlyWithoutARst() throws Exception {
        long rsts = net.rstsAtClient();
        byte[] client = {(byte) 198, 18, 0, 100};
        try (Socket c = connect()) {
            int fd = accept();
            FlowTable.claim(fd);
            int port = c.getLocalPort();
            TcpRepair.dump(fd, new byte[0]);
            long exhumedBefore = table.exhumed();
            java.util.concurrent.CountDownLatch hold = new java.util.concurrent.CountDownLatch(1);
            table.onWorker(() -> awaitQuietly(hold)); // the @mine removal queues behind this
            table.letGo(fd, client, port);
            Thread.sleep(20);
            assertFalse(table.exhume(client, port), "not before its @mine removal is applied");
            hold.countDown();
            long deadline = System.nanoTime() + 2_000_000_000L;
            while (!table.exhume(client, port)) {
                assertTrue(System.nanoTime() < deadline, "exhume never allowed");
                Thread.sleep(1);
            }
            assertEquals(exhumedBefore + 1, table.exhumed());
            assertEquals("", nodeStates(port).trim(), "closed at once, not after the grace");
            assertFalse(table.exhume(client, port), "nothing left to exhume");
            c.getOutputStream().write(new byte[100]);
            Thread.sleep(300);
            assertEquals(rsts, net.rstsAtClient(), "RSTs at the client");
        }
    }

    private static void awaitQuietly(java.util.concurrent.CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A client that reuses its port while the node still holds the old connection in TIME_WAIT. */
    @Test void aClientReusingItsPortOverOurTimeWaitSocketConnects() throws Exception {
        int port;
        try (Socket c = connect()) {
            port = c.getLocalPort();
            int fd = accept();
            FlowTable.claim(fd);
            LibC.shutdown(fd, 1);
            assertEquals(-1, c.getInputStream().read());
            LibC.close(fd);
        }
        Thread.sleep(200);
        assertTrue(nodeStates(port).contains("TIME-WAIT"), "the node holds TIME_WAIT: " + nodeStates(port));
        long rsts = net.rstsAtClient();
        try (Socket again = Netns.call(net.clientNs, () -> {
            Socket s = new Socket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(VethPair.CLIENT_ADDR, port));
            s.connect(new InetSocketAddress(VethPair.VIP, 80), 3000);
            return s;
        })) {
            int fd = accept();
            LibC.close(fd);
        }
        assertEquals(rsts, net.rstsAtClient(), "RSTs at the client");
    }

    /** The daemon is gone but its table stays: an owned SYN finds no listener and is dropped, never RST. */
    @Test void withoutAListenerAnOwnedSynIsDroppedSilently() throws Exception {
        long rsts = net.rstsAtClient();
        LibC.close(listener);
        try {
            Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> connect().close());
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            assertEquals(java.net.SocketTimeoutException.class, cause.getClass(), cause.toString());
            assertEquals(rsts, net.rstsAtClient(), "RSTs at the client");
        } finally {
            listener = listen();
        }
    }

    @Test void buryClosesAFrozenSocketSilently() throws Exception {
        long rsts = net.rstsAtClient();
        try (Socket c = connect()) {
            int fd = accept();
            FlowTable.claim(fd);
            int port = c.getLocalPort();
            Thread.sleep(MINE_EXPIRED_MILLIS); // only the claim holds the flow now
            TcpRepair.dump(fd, new byte[0]);
            table.bury(fd, new byte[] {(byte) 198, 18, 0, 100}, port);
            Thread.sleep(FlowTable.RELEASE_GRACE_MILLIS + 300);
            assertEquals("", nodeStates(port).trim(), "socket closed after the grace");
            c.getOutputStream().write(new byte[100]);
            Thread.sleep(300);
            assertEquals(rsts, net.rstsAtClient(), "RSTs at the client");
        }
    }
}
