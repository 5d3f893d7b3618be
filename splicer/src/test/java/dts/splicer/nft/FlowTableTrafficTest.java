package dts.splicer.nft;

import dts.splicer.sys.Netns;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real SYNs through the table: client and node namespaces over veth, a listener on 0.0.0.0:80 in
 * the node. Owned buckets connect; unowned SYNs vanish (timeout, not ECONNREFUSED, no RST).
 */
class FlowTableTrafficTest {
    private static final int BUCKETS = 64;
    private static final FlowTable.Spec SPEC = new FlowTable.Spec(VethPair.VIP, 80, BUCKETS, 0x5eed, 30);
    private static final int[] ALL = IntStream.range(0, BUCKETS).toArray();
    private static final int CONNECT_TIMEOUT_MILLIS = 1200;
    private static final byte[] CLIENT = {(byte) 198, 18, 0, 100};

    private static VethPair net;
    private static ServerSocket listener;
    private static FlowTable table;

    @BeforeAll static void setUp() throws Exception {
        net = new VethPair("dts-t-nft-tr");
        listener = Netns.call(net.nodeNs, () -> new ServerSocket(80, 128, InetAddress.getByName("0.0.0.0")));
        Thread.ofPlatform().daemon().name("echo-accept").start(FlowTableTrafficTest::serve);
        table = Netns.call(net.nodeNs, () -> FlowTable.install(SPEC, ALL));
        table.renewLease(FlowTable.MAX_LEASE_MILLIS);
    }

    @AfterAll static void tearDown() throws IOException {
        if (table != null) table.close();
        if (listener != null) listener.close();
        if (net != null) net.close();
    }

    /** Echoes one byte back on each accepted connection, until the client closes. */
    private static void serve() {
        while (!listener.isClosed()) {
            try {
                Socket s = listener.accept();
                Thread.ofVirtual().start(() -> {
                    try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                        for (int b; (b = in.read()) >= 0; ) out.write(b);
                    } catch (IOException ignored) {
                        // client went away
                    }
                });
            } catch (IOException e) {
                return;
            }
        }
    }

    /** A connected client socket in the client namespace, bound to {@code localPort} (0: any). */
    private static Socket connect(int localPort) {
        return Netns.call(net.clientNs, () -> {
            Socket s = new Socket();
            try {
                s.setReuseAddress(true);
                s.bind(new InetSocketAddress(VethPair.CLIENT_ADDR, localPort));
                s.connect(new InetSocketAddress(VethPair.VIP, 80), CONNECT_TIMEOUT_MILLIS);
                s.setSoTimeout(3000);
                return s;
            } catch (IOException e) {
                s.close();
                throw e;
            }
        });
    }

    /** What connecting from {@code localPort} fails with (Netns.call wraps checked exceptions). */
    private static Throwable connectFailure(int localPort) {
        Exception e = assertThrows(Exception.class, () -> connect(localPort).close());
        return e.getCause() instanceof IOException io ? io : e;
    }

    private static void echo(Socket s, int b) throws IOException {
        s.getOutputStream().write(b);
        assertEquals(b, s.getInputStream().read());
    }

    @Test void ownedConnectsUnownedTimesOutSilently() throws Exception {
        table.setOwnedBuckets(ALL);
        for (int i = 0; i < 20; i++) {
            try (Socket s = connect(0)) { echo(s, i); }
        }
        long rstsBefore = net.rstsAtClient();
        table.setOwnedBuckets(new int[0]);
        Throwable e = connectFailure(0);
        assertEquals(SocketTimeoutException.class, e.getClass(), e.toString());
        assertEquals(rstsBefore, net.rstsAtClient(), "RSTs received by the client");
        table.setOwnedBuckets(ALL);
    }

    /** The lease: without it (never renewed, or expired) owned buckets answer no SYN, silently. */
    @Test void anExpiredLeaseAnswersNoSynAndARenewedOneDoes() throws Exception {
        table.setOwnedBuckets(ALL);
        long rstsBefore = net.rstsAtClient();
        try {
            table.renewLease(300);
            try (Socket s = connect(0)) { echo(s, 1); }
            Thread.sleep(600);
            Throwable e = connectFailure(0);
            assertEquals(SocketTimeoutException.class, e.getClass(), "no SYN-ACK once the lease expired: " + e);
            table.renewLease(FlowTable.MAX_LEASE_MILLIS);
            try (Socket s = connect(0)) { echo(s, 2); }
            table.dropLease();
            assertEquals(SocketTimeoutException.class, connectFailure(0).getClass(), "none after dropping it");
            // a renewal whose deadline passed before it reached the kernel (a paused daemon) holds nothing
            assertFalse(table.renewLeaseUntil(System.nanoTime() - 1));
            assertEquals(SocketTimeoutException.class, connectFailure(0).getClass(), "none after a late renewal");
            assertTrue(table.renewLeaseUntil(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300)));
            try (Socket s = connect(0)) { echo(s, 3); }
            Thread.sleep(600);
            assertEquals(SocketTimeoutException.class, connectFailure(0).getClass(), "none past the deadline");
            assertEquals(rstsBefore, net.rstsAtClient(), "RSTs received by the client");
        } finally {
            table.renewLease(FlowTable.MAX_LEASE_MILLIS);
        }
        try (Socket s = connect(0)) { echo(s, 4); }
    }

    /**
     * The lease's tail: a SYN answered in the lease's last moment completes its handshake after the lease
     * ran out. The client drops its own pure ACKs, so the handshake completes only with its first data
     * segment, sent 450 ms after the SYN: after a 300 ms lease, within its tail. Without the tail the
     * segment would be dropped, and so would every later one: the echo would never come.
     */
    @Test void aHandshakeAnsweredUnderTheLeaseCompletesInItsTail() throws Exception {
        table.setOwnedBuckets(ALL);
        long rstsBefore = net.rstsAtClient();
        TestNs.inNs(net.clientNs, "nft", "add chain inet audit out { type filter hook output priority 0; policy accept; }; "
                + "add rule inet audit out tcp dport 80 tcp flags == ack drop");
        try {
            table.renewLease(300);
            long t0 = System.nanoTime();
            try (Socket s = connect(0)) {
                Thread.sleep(450 - (System.nanoTime() - t0) / 1_000_000);
                echo(s, 1);
                long echoedMillis = (System.nanoTime() - t0) / 1_000_000;
                assertTrue(echoedMillis < 300 + FlowTable.LEASE_TAIL_MILLIS, "echo after " + echoedMillis + " ms");
            }
            assertEquals(rstsBefore, net.rstsAtClient(), "RSTs received by the client");
        } finally {
            TestNs.inNs(net.clientNs, "nft", "flush chain inet audit out; delete chain inet audit out");
            table.renewLease(FlowTable.MAX_LEASE_MILLIS);
        }
    }

    @Test void establishedFlowsSurviveLosingTheirBucket() throws Exception {
        table.setOwnedBuckets(ALL);
        try (Socket s = connect(0)) {
            echo(s, 1);
            table.setOwnedBuckets(new int[0]);
            echo(s, 2); // socket wildcard 0: a full socket keeps its flow
        } finally {
            table.setOwnedBuckets(ALL);
        }
    }

    @Test void kernelBucketMatchesNftJhash() throws Exception {
        int owned = 17;
        table.setOwnedBuckets(new int[] {owned});
        try {
            int hits = 0;
            int misses = 0;
            for (int port = 41000; hits < 3 || misses < 2; port++) {
                boolean mine = table.bucketOf(CLIENT, port) == owned;
                if (mine && hits < 3) {
                    try (Socket s = connect(port)) { echo(s, port & 0x7f); }
                    hits++;
                } else if (!mine && misses < 2) {
                    Throwable e = connectFailure(port);
                    assertEquals(SocketTimeoutException.class, e.getClass(), "port " + port + ": " + e);
                    misses++;
                }
            }
        } finally {
            table.setOwnedBuckets(ALL);
        }
    }
}
