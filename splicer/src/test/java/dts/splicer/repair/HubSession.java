package dts.splicer.repair;

import dts.splicer.sys.LibC;
import dts.splicer.sys.Netns;

/**
 * One client connection through a {@link HubCluster}: wildcard listeners on the port in src and dst,
 * the client connected to the VIP and accepted in src, after which only the full socket lets its
 * packets in at src ({@code mine} is emptied again).
 */
final class HubSession implements AutoCloseable {
    final HubCluster cluster;
    final ClientSide client;
    final int srcListener;
    final int dstListener;
    /** The accepted socket in src; -1 once a test has taken it (closed or moved). */
    int srcFd;

    private HubSession(HubCluster cluster, ClientSide client, int srcListener, int dstListener, int srcFd) {
        this.cluster = cluster;
        this.client = client;
        this.srcListener = srcListener;
        this.dstListener = dstListener;
        this.srcFd = srcFd;
    }

    static HubSession open(int port, Endpoint clientEndpoint, Endpoint server) {
        TcpRepair.checkAvailable();
        HubCluster cluster = HubCluster.create(port);
        Endpoint wildcard = new Endpoint(0, port);
        int srcListener = Netns.call(HubCluster.SRC, () -> RawTcp.listen(wildcard));
        int dstListener = Netns.call(HubCluster.DST, () -> RawTcp.listen(wildcard));
        cluster.addMine(HubCluster.SRC, clientEndpoint.port());
        ClientSide client = ClientSide.connect(HubCluster.CLI, clientEndpoint, server);
        int srcFd = RawTcp.accept(srcListener);
        cluster.deleteMine(HubCluster.SRC, clientEndpoint.port()); // from now on the full socket is the only pass
        return new HubSession(cluster, client, srcListener, dstListener, srcFd);
    }

    @Override
    public void close() throws Exception {
        client.close();
        for (int fd : new int[] {srcFd, srcListener, dstListener}) if (fd >= 0) LibC.close(fd);
        cluster.close();
    }
}
