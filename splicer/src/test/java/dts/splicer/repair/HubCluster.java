package dts.splicer.repair;

/**
 * Two server namespaces (src, dst) holding the same VIP and MAC on veths into a hub (a bridge
 * with ageing_time 0 floods every frame to every port), and a client namespace with a permanent
 * neighbour entry VIP -> cluster MAC: the DTS single-IP cluster of DESIGN.md, in miniature.
 * Each server namespace accepts packets to VIP:port only for a flow held by a full non-wildcard
 * socket there, or for a flow in its set {@code mine} (handshake before accept), and drops the
 * rest silently. The bridge has a "hole" that drops every client packet to the port while on.
 */
final class HubCluster implements AutoCloseable {
    static final String BR = TestNs.name("br");
    static final String SRC = TestNs.name("src");
    static final String DST = TestNs.name("dst");
    static final String CLI = TestNs.name("cli");
    static final String VIP = "198.18.200.10";
    static final String CLIENT = "198.18.200.2";
    static final String NODE_MAC = "02:00:00:c8:00:10";
    static final String CLIENT_MAC = "02:00:00:c8:00:02";
    private static final String[] ALL = {SRC, DST, CLI, BR};
    final int port;

    private HubCluster(int port) { this.port = port; }

    static HubCluster create(int port) {
        cleanup();
        try {
            return build(port);
        } catch (RuntimeException e) {
            cleanup();
            throw e;
        }
    }

    private static HubCluster build(int port) {
        HubCluster c = new HubCluster(port);
        for (String ns : ALL) {
            Cmd.run("ip", "netns", "add", ns);
            Cmd.run("ip", "-n", ns, "link", "set", "lo", "up");
        }
        Cmd.run("ip", "-n", BR, "link", "add", "rbr", "type", "bridge", "ageing_time", "0");
        Cmd.run("ip", "-n", BR, "link", "set", "rbr", "up");
        c.attach(SRC, "vsrc", NODE_MAC, VIP, CLIENT, CLIENT_MAC);
        c.attach(DST, "vdst", NODE_MAC, VIP, CLIENT, CLIENT_MAC);
        c.attach(CLI, "vcli", CLIENT_MAC, CLIENT, VIP, NODE_MAC);
        c.nodeRules(SRC);
        c.nodeRules(DST);
        c.nft(BR, """
                table bridge dts_t_rep {
                  chain hole {
                  }
                  chain passing {
                    type filter hook forward priority 0; policy accept;
                    ip saddr %s tcp dport %d jump hole
                  }
                }
                """.formatted(CLIENT, port));
        return c;
    }

    private void attach(String ns, String brPort, String mac, String addr, String peer, String peerMac) {
        Cmd.run("ip", "-n", BR, "link", "add", brPort, "type", "veth", "peer", "name", "eth0", "netns", ns);
        Cmd.run("ip", "-n", BR, "link", "set", brPort, "master", "rbr", "up");
        Cmd.run("ip", "-n", ns, "link", "set", "eth0", "address", mac);
        Cmd.run("ip", "-n", ns, "addr", "add", addr + "/24", "dev", "eth0");
        Cmd.run("ip", "-n", ns, "link", "set", "eth0", "up");
        Cmd.run("ip", "-n", ns, "neigh", "replace", peer, "lladdr", peerMac, "dev", "eth0", "nud", "permanent");
    }

    private void nodeRules(String ns) {
        nft(ns, """
                table ip dts_t_rep {
                  set mine {
                    type ipv4_addr . inet_service
                  }
                  chain pre {
                    type filter hook prerouting priority -300; policy accept;
                    ip daddr %1$s tcp dport %2$d socket wildcard 0 accept
                    ip daddr %1$s tcp dport %2$d ip saddr . tcp sport @mine accept
                    ip daddr %1$s tcp dport %2$d drop
                  }
                }
                """.formatted(VIP, port));
    }

    void addMine(String ns, int clientPort) { nft(ns, "add element ip dts_t_rep mine { " + CLIENT + " . " + clientPort + " }\n"); }

    void deleteMine(String ns, int clientPort) { nft(ns, "delete element ip dts_t_rep mine { " + CLIENT + " . " + clientPort + " }\n"); }

    void holeOn() { nft(BR, "add rule bridge dts_t_rep hole drop\n"); }

    void holeOff() { nft(BR, "flush chain bridge dts_t_rep hole\n"); }

    private void nft(String ns, String script) {
        try {
            Cmd.feed(script, "ip", "netns", "exec", ns, "nft", "-f", "-");
        } catch (IllegalStateException e) {
            throw new IllegalStateException("nftables (socket expression CONFIG_NFT_SOCKET, bridge family CONFIG_NF_TABLES_BRIDGE) needed: "
                    + e.getMessage(), e);
        }
    }

    static void cleanup() {
        for (String ns : ALL) Cmd.quiet("ip", "netns", "del", ns);
    }

    @Override public void close() { cleanup(); }
}
