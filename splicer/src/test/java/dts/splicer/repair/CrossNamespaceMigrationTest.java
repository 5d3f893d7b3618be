package dts.splicer.repair;

import dts.splicer.sys.LibC;
import dts.splicer.sys.Netns;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hand-off between two namespaces that share the VIP and the MAC on a hub (see {@link HubCluster}):
 * the connection is accepted in src, frozen with data in flight both ways, shipped as bytes,
 * restored in dst (which has its own wildcard listener on the port), adopted by Netty there, and
 * the client never notices: same bytes in both directions, no RST anywhere.
 */
@Timeout(120)
class CrossNamespaceMigrationTest {
    private static final int PORT = 8080;
    private static final Endpoint SERVER = Endpoint.of(new InetSocketAddress(HubCluster.VIP, PORT));
    private static final Endpoint CLIENT = Endpoint.of(new InetSocketAddress(HubCluster.CLIENT, 40001));
    private static final byte[] REQUEST = ClientSide.random(700, 21);
    private static final int CONSUMED_BYTES = 700;
    private static final byte[] BODY_UNREAD = ClientSide.random(24 << 10, 22);
    private static final byte[] BODY_LOST = ClientSide.random(12 << 10, 23);
    private static final byte[] RESPONSE = ClientSide.random(6 << 20, 24);
    private static final int SO_SNDBUFFORCE = 32;
    private static final byte[] PING = "PING\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PONG = "PONG\n".getBytes(StandardCharsets.US_ASCII);

    private HubSession session;
    private HubCluster cluster;
    private ClientSide client;
    private int srcFd = -1;

    @BeforeEach
    void setUp() {
        session = HubSession.open(PORT, CLIENT, SERVER);
        cluster = session.cluster;
        client = session.client;
        srcFd = session.srcFd;
    }

    @AfterEach
    void tearDown() throws Exception {
        if (session == null) return;
        session.srcFd = srcFd;
        session.close();
    }

    @Test
    void migratesBetweenNamespacesWithDataInFlight() throws Exception {
        client.write(REQUEST);
        client.write(BODY_UNREAD);
        byte[] consumed = RawTcp.readExactly(srcFd, CONSUMED_BYTES);
        RawTcp.awaitInq(srcFd, BODY_UNREAD.length);
        client.startReading(RESPONSE.length, PONG.length);
        cluster.holeOn();
        LibC.setNonBlocking(srcFd, true);
        LibC.setInt(srcFd, LibC.SOL_SOCKET, SO_SNDBUFFORCE, 2 << 20);  // room for MiBs of queued response
        int written = RawTcp.writeUntilFull(srcFd, RESPONSE, 0);
        client.write(BODY_LOST);
        Thread.sleep(20);

        SocketImage img = TcpRepair.dump(srcFd, consumed);
        byte[] wire = img.toBytes();
        System.out.println("dumped: " + img + ", response bytes written by the source: " + written);
        assertTrue(img.unacked().length > 0 && img.unsent().length > 0, "unacked and unsent bytes expected: " + img);
        assertEquals(BODY_UNREAD.length, img.unread().length);
        assertEquals(SERVER, img.local());
        assertEquals(CLIENT, img.remote());

        int dstFd = Netns.call(HubCluster.DST, () -> TcpRepair.restore(SocketImage.fromBytes(wire)));
        LibC.close(srcFd);  // commit: the source closes in repair mode, silently
        srcFd = -1;
        Thread.sleep(200);
        client.assertUndisturbed("between close and release");
        cluster.holeOff();
        TcpRepair.release(dstFd, SocketImage.fromBytes(wire));
        // the restored socket sends full segments (veth MTU 1500, timestamps on: 1448), not the
        // 524-byte default a restore leaves when the MSS is only set as a repair option
        int mssBytes = LibC.getInt(dstFd, LibC.IPPROTO_TCP, 2 /* TCP_MAXSEG */);
        assertEquals(SocketImage.fromBytes(wire).mss() - 12, mssBytes, "segment size of the restored socket");

        try (NettyOwner owner = new NettyOwner(REQUEST.length + BODY_UNREAD.length + BODY_LOST.length, PING, PONG)) {
            owner.adopt(dstFd);
            assertEquals(ClientSide.sha(REQUEST, BODY_UNREAD, BODY_LOST), ClientSide.sha(owner.awaitRequest()),
                    "request stream at the new owner");
            owner.write(RESPONSE, written, RESPONSE.length - written);
            client.write(PING);
            assertEquals(ClientSide.sha(RESPONSE), client.awaitStream(), "response stream at the client");
            assertArrayEquals(PONG, client.tail());
        }
        assertEquals(0, Cmd.snmp(HubCluster.SRC, "Tcp", "OutRsts"), "RSTs sent by src");
        assertEquals(0, Cmd.snmp(HubCluster.DST, "Tcp", "OutRsts"), "RSTs sent by dst");
        assertEquals(0, Cmd.snmp(HubCluster.CLI, "Tcp", "EstabResets"), "client connections reset");
        assertTrue(Arrays.equals(REQUEST, Arrays.copyOf(consumed, REQUEST.length)));
    }
}
