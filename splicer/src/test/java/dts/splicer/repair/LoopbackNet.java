package dts.splicer.repair;

/**
 * A network namespace with only {@code lo} up, for same-host migrations. {@link #guard(int)}
 * installs the acceptance rule of a DTS node for a server port (a packet to the port passes only
 * when a full non-wildcard socket holds its flow; never a RST from the gap between closing the
 * source and restoring) plus a "hole" that, when on, drops every packet to the port (a lossy
 * link: segments already in flight towards the server are lost and must be retransmitted).
 */
final class LoopbackNet implements AutoCloseable {
    final String ns;

    private LoopbackNet(String ns) { this.ns = ns; }

    static LoopbackNet create(String ns) {
        Cmd.quiet("ip", "netns", "del", ns);
        Cmd.run("ip", "netns", "add", ns);
        Cmd.run("ip", "-n", ns, "link", "set", "lo", "up");
        return new LoopbackNet(ns);
    }

    /** Installs the guard for {@code port}; call after the handshake (a half-open flow is not a full socket). */
    void guard(int port) {
        nft("""
                table ip dts_t_rep {
                  chain hole {
                  }
                  chain pre {
                    type filter hook prerouting priority -300; policy accept;
                    tcp dport %1$d jump hole
                    tcp dport %1$d socket wildcard 0 accept
                    tcp dport %1$d drop
                  }
                }
                """.formatted(port));
    }

    void holeOn() { nft("add rule ip dts_t_rep hole drop\n"); }

    void holeOff() { nft("flush chain ip dts_t_rep hole\n"); }

    long tcpCounter(String field) { return Cmd.snmp(ns, "Tcp", field); }

    private void nft(String script) {
        try {
            Cmd.feed(script, "ip", "netns", "exec", ns, "nft", "-f", "-");
        } catch (IllegalStateException e) {
            throw new IllegalStateException("nftables (with the socket expression, CONFIG_NFT_SOCKET) needed: " + e.getMessage(), e);
        }
    }

    @Override public void close() { Cmd.quiet("ip", "netns", "del", ns); }
}
