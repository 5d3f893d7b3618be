package dts.splicer.nft;

/**
 * Two throwaway namespaces joined by a veth pair: a client at 198.18.0.100/24 and a node at
 * 198.18.0.10/24 (the VIP), like one client and one node of the hub testbed.
 */
final class VethPair implements AutoCloseable {
    static final String CLIENT_ADDR = "198.18.0.100";
    static final String VIP = "198.18.0.10";

    final String clientNs;
    final String nodeNs;

    VethPair(String prefix) {
        clientNs = prefix + "-c";
        nodeNs = prefix + "-n";
        TestNs.recreate(clientNs);
        TestNs.recreate(nodeNs);
        TestNs.sh("ip", "-n", clientNs, "link", "add", "veth0", "type", "veth", "peer", "name", "veth0", "netns", nodeNs);
        TestNs.sh("ip", "-n", clientNs, "addr", "add", CLIENT_ADDR + "/24", "dev", "veth0");
        TestNs.sh("ip", "-n", nodeNs, "addr", "add", VIP + "/24", "dev", "veth0");
        TestNs.sh("ip", "-n", clientNs, "link", "set", "veth0", "up");
        TestNs.sh("ip", "-n", nodeNs, "link", "set", "veth0", "up");
        // Count every RST the client receives: the flow table must never make the node send one.
        TestNs.inNs(clientNs, "nft", "add table inet audit; add counter inet audit rst; "
                + "add chain inet audit in { type filter hook input priority 0; policy accept; }; "
                + "add rule inet audit in tcp flags & rst == rst counter name rst");
    }

    /** RST segments the client namespace received so far. */
    long rstsAtClient() {
        String out = TestNs.inNs(clientNs, "nft", "list", "counter", "inet", "audit", "rst");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("packets (\\d+)").matcher(out);
        if (!m.find()) throw new IllegalStateException("no rst counter: " + out);
        return Long.parseLong(m.group(1));
    }

    @Override public void close() {
        TestNs.delete(clientNs);
        TestNs.delete(nodeNs);
    }
}
