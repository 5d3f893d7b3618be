package dts.splicer.repair;

import dts.splicer.sys.LibC;
import dts.splicer.sys.Netns;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Same-namespace migration on loopback with data in flight both ways: the server has sent bytes
 * the client has not acknowledged (its ACKs are lost in the hole), has MiBs more queued unsent,
 * has 1 MiB of unread client bytes, and the client has sent bytes lost in the hole. After dump, silent close,
 * restore and release, every byte arrives once and in order.
 */
@Timeout(120)
class LoopbackMigrationTest {
    private static final String NS = TestNs.name("lo");
    private static final Endpoint SERVER = new Endpoint(0x7f000001, 18080);
    private static final byte[] REQUEST = ClientSide.random(1000, 1);
    private static final int CONSUMED_BYTES = 600;
    private static final byte[] BODY_UNREAD = ClientSide.random(1 << 20, 2);
    private static final byte[] BODY_LOST = ClientSide.random(16 << 10, 3);
    private static final byte[] RESPONSE = ClientSide.random(4 << 20, 4);
    private static final int SO_RCVBUFFORCE = 33;
    private static final byte[] PING = "PING\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PONG = "PONG\n".getBytes(StandardCharsets.US_ASCII);

    private LoopbackNet net;
    private ClientSide client;
    private int serverFd = -1;
    private int written;

    @BeforeEach
    void setUp() throws Exception {
        TcpRepair.checkAvailable();
        net = LoopbackNet.create(NS);
        int listener = Netns.call(NS, () -> RawTcp.listen(SERVER));
        // a large server receive buffer, so that 1 MiB of client bytes waits unread in it
        LibC.setInt(listener, LibC.SOL_SOCKET, SO_RCVBUFFORCE, 2 << 20);
        client = ClientSide.connect(NS, null, SERVER);
        serverFd = RawTcp.accept(listener);
        LibC.close(listener);
        net.guard(SERVER.port());
    }

    @AfterEach
    void tearDown() throws Exception {
        if (client != null) client.close();
        if (serverFd >= 0) LibC.close(serverFd);
        if (net != null) net.close();
    }

    /** Brings the connection to the moment of the dump; returns the consumed request prefix. */
    private byte[] putDataInFlight() throws Exception {
        client.write(REQUEST);
        client.write(BODY_UNREAD);
        byte[] consumed = RawTcp.readExactly(serverFd, CONSUMED_BYTES);
        RawTcp.awaitInq(serverFd, REQUEST.length - CONSUMED_BYTES + BODY_UNREAD.length);
        client.startReading(RESPONSE.length, PONG.length);
        net.holeOn();
        LibC.setNonBlocking(serverFd, true);
        written = RawTcp.writeUntilFull(serverFd, RESPONSE, 0);
        client.write(BODY_LOST);
        Thread.sleep(20);
        return consumed;
    }

    @Test
    void migratesWithDataInFlightBothWays() throws Exception {
        byte[] consumed = putDataInFlight();
        SocketImage img = TcpRepair.dump(serverFd, consumed);
        byte[] wire = img.toBytes();
        System.out.println("dumped: " + img + ", response bytes written by the source: " + written);
        LibC.close(serverFd);  // repair mode: silent
        serverFd = -1;

        assertTrue(img.unacked().length > 0, "unacked bytes expected: " + img);
        assertTrue(img.unsent().length > 0, "unsent bytes expected: " + img);
        assertArrayEquals(Arrays.copyOfRange(REQUEST, 0, CONSUMED_BYTES), img.consumed());
        assertEquals(REQUEST.length - CONSUMED_BYTES + BODY_UNREAD.length, img.unread().length);
        assertTrue(img.unacked().length + img.unsent().length <= written, "send queue within what was written");
        Thread.sleep(200);
        client.assertUndisturbed("between close and restore");

        int fd = Netns.call(NS, () -> TcpRepair.restore(SocketImage.fromBytes(wire)));
        serverFd = fd;
        net.holeOff();
        TcpRepair.release(fd, SocketImage.fromBytes(wire));
        assertEquals(1, LibC.getInt(fd, LibC.SOL_SOCKET, LibC.SO_REUSEADDR),
                "a live restored socket keeps SO_REUSEADDR (else it blocks the listener's bind after a crash)");
        LibC.setNonBlocking(fd, false);
        serveRest(fd);
        assertNoResets(1);
    }

    @Test
    void resumeAfterDumpLosesNothing() throws Exception {
        byte[] consumed = putDataInFlight();
        SocketImage img = TcpRepair.dump(serverFd, consumed);
        assertTrue(img.unacked().length > 0, "unacked bytes expected: " + img);
        Thread.sleep(50);
        net.holeOff();
        TcpRepair.resume(serverFd);
        assertEquals(1, LibC.getInt(serverFd, LibC.SOL_SOCKET, LibC.SO_REUSEADDR), "a resumed socket keeps SO_REUSEADDR");
        LibC.setNonBlocking(serverFd, false);
        byte[] rest = RawTcp.readExactly(serverFd, REQUEST.length - CONSUMED_BYTES + BODY_UNREAD.length + BODY_LOST.length);
        assertEquals(ClientSide.sha(Arrays.copyOfRange(REQUEST, CONSUMED_BYTES, REQUEST.length), BODY_UNREAD, BODY_LOST),
                ClientSide.sha(rest));
        finish(serverFd);
        assertNoResets(0);
    }

    /** The new owner reads the whole request again, writes the rest of the response, then one more exchange. */
    private void serveRest(int fd) throws Exception {
        byte[] in = RawTcp.readExactly(fd, REQUEST.length + BODY_UNREAD.length + BODY_LOST.length);
        assertEquals(ClientSide.sha(REQUEST, BODY_UNREAD, BODY_LOST), ClientSide.sha(in), "request stream at the new owner");
        finish(fd);
    }

    private void finish(int fd) throws Exception {
        RawTcp.writeAll(fd, RESPONSE, written, RESPONSE.length - written);
        client.write(PING);
        assertArrayEquals(PING, RawTcp.readExactly(fd, PING.length));
        RawTcp.writeAll(fd, PONG, 0, PONG.length);
        assertEquals(ClientSide.sha(RESPONSE), client.awaitStream(), "response stream at the client");
        assertArrayEquals(PONG, client.tail());
    }

    /**
     * No RST was sent; an established socket went to CLOSE only by our silent close in repair mode
     * (the kernel counts that disconnect as EstabResets although nothing goes on the wire).
     */
    private void assertNoResets(int silentCloses) {
        assertEquals(0, net.tcpCounter("OutRsts"), "RSTs sent in " + NS);
        assertEquals(silentCloses, net.tcpCounter("EstabResets"), "established sockets closed in " + NS);
    }
}
