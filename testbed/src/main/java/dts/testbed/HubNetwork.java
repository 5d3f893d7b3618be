package dts.testbed;

import java.util.Arrays;
import java.util.List;

import static dts.testbed.TestbedNames.*;

/**
 * The hub-mode single-IP network (DESIGN.md section 2): bridge {@code dts-hub} with ageing_time 0
 * floods every frame to every port; each node's {@code hub0} there has the same MAC and the same
 * VIP; the client's {@code hub0} has a permanent neighbour entry VIP to that MAC. Bridge
 * {@code dts-int} is an ordinary bridge for node-to-node traffic, joined by the root namespace at
 * 198.18.1.254 so tools there reach each node's admin port.
 */
final class HubNetwork {
    private static final String[] BRIDGE_OPTIONS = {
        "nf_call_iptables", "0", "nf_call_ip6tables", "0", "nf_call_arptables", "0", "mcast_snooping", "0"};

    private static final String LEARNED_AGEING_CENTISECONDS = "30000";

    private HubNetwork() {}

    static void build(int nodes, boolean frontNamespace) {
        build(nodes, frontNamespace, false);
    }

    /**
     * {@code floodOnlyToCluster}: the hub bridge learns MACs (5 min ageing) except on the node ports, so
     * the cluster MAC is never learned and frames to it are flooded to every node, while frames to the
     * client or the front namespace go to their port only.
     */
    static void build(int nodes, boolean frontNamespace, boolean floodOnlyToCluster) {
        bridge(HUB_BRIDGE, "ageing_time", floodOnlyToCluster ? LEARNED_AGEING_CENTISECONDS : "0");
        bridge(INT_BRIDGE);
        Shell.run("ip", "addr", "add", ROOT_INTERNAL_ADDR + "/" + PREFIX_BITS, "dev", INT_BRIDGE);
        client();
        for (int i = 1; i <= nodes; i++) {
            node(i);
            if (floodOnlyToCluster) Shell.run("ip", "link", "set", "dev", hubPort(i), "type", "bridge_slave", "learning", "off");
        }
        if (frontNamespace) front();
    }

    /** The front proxy's namespace: an ordinary host on the hub (own MAC, answers ARP) and on dts-int. */
    private static void front() {
        namespace(FRONT_NS);
        veth(FRONT_HUB_PORT, HUB_BRIDGE, FRONT_NS, HUB_IF);
        Shell.run("ip", "-n", FRONT_NS, "addr", "add", FRONT_ADDR + "/" + PREFIX_BITS, "dev", HUB_IF);
        Shell.run("ip", "-n", FRONT_NS, "link", "set", HUB_IF, "up");
        veth(FRONT_INT_PORT, INT_BRIDGE, FRONT_NS, INT_IF);
        Shell.run("ip", "-n", FRONT_NS, "addr", "add", FRONT_INTERNAL_ADDR + "/" + PREFIX_BITS, "dev", INT_IF);
        Shell.run("ip", "-n", FRONT_NS, "link", "set", INT_IF, "up");
        Sysctls.client(FRONT_NS); // it opens many connections to the backends
    }

    private static void bridge(String name, String... options) {
        String[] cmd = concat(new String[] {"ip", "link", "add", name, "type", "bridge"}, options, BRIDGE_OPTIONS);
        Shell.run(cmd);
        Shell.run("ip", "link", "set", name, "up");
    }

    private static void client() {
        namespace(CLIENT_NS);
        Sysctls.client(CLIENT_NS);
        veth(CLIENT_HUB_PORT, HUB_BRIDGE, CLIENT_NS, HUB_IF);
        Shell.run("ip", "-n", CLIENT_NS, "addr", "add", CLIENT_ADDR + "/" + PREFIX_BITS, "dev", HUB_IF);
        Shell.run("ip", "-n", CLIENT_NS, "link", "set", HUB_IF, "up");
        Shell.run("ip", "-n", CLIENT_NS, "neigh", "replace", VIP, "lladdr", CLUSTER_MAC, "dev", HUB_IF, "nud", "permanent");
    }

    private static void node(int i) {
        String ns = nodeNs(i);
        namespace(ns);
        veth(hubPort(i), HUB_BRIDGE, ns, HUB_IF);
        Shell.run("ip", "-n", ns, "link", "set", HUB_IF, "address", CLUSTER_MAC);
        Sysctls.nodeHub(ns, HUB_IF);
        Shell.run("ip", "-n", ns, "addr", "add", VIP + "/" + PREFIX_BITS, "dev", HUB_IF);
        Shell.run("ip", "-n", ns, "link", "set", HUB_IF, "up");
        veth(intPort(i), INT_BRIDGE, ns, INT_IF);
        Shell.run("ip", "-n", ns, "addr", "add", internalAddr(i) + "/" + PREFIX_BITS, "dev", INT_IF);
        Shell.run("ip", "-n", ns, "link", "set", INT_IF, "up");
    }

    private static void namespace(String ns) {
        Shell.run("ip", "netns", "add", ns);
        Shell.run("ip", "-n", ns, "link", "set", "lo", "up");
        Sysctls.common(ns);
    }

    /** A veth: {@code rootEnd} on {@code bridge} in the root namespace, {@code nsEnd} in {@code ns}. */
    private static void veth(String rootEnd, String bridge, String ns, String nsEnd) {
        Shell.run("ip", "link", "add", rootEnd, "type", "veth", "peer", "name", nsEnd, "netns", ns);
        Shell.run("ip", "link", "set", rootEnd, "master", bridge, "up");
    }

    /** Namespaces of any earlier testbed (dts-client, dts-nodeN), whatever made them. */
    static List<String> existingNamespaces() {
        return Arrays.stream(Shell.run("ip", "netns", "list").split("\n"))
                .map(l -> l.strip().split("\\s+")[0]).filter(TestbedNames::isOurs).toList();
    }

    /** Deletes every testbed namespace (their veths go with them) and both bridges. */
    static void teardown() {
        for (String ns : existingNamespaces()) {
            NamespaceProcesses.killAll(ns);
            Shell.tryRun("ip", "netns", "delete", ns);
        }
        for (String link : existingLinks()) Shell.tryRun("ip", "link", "delete", link);
    }

    /** Root-namespace links of the testbed still present: bridges and veth ends (dts-h*, dts-i*). */
    static List<String> existingLinks() {
        return Arrays.stream(Shell.run("ip", "-o", "link", "show").split("\n"))
                .map(l -> l.split(":\\s+", 3)).filter(p -> p.length > 1).map(p -> p[1].split("@")[0])
                .filter(n -> n.equals(HUB_BRIDGE) || n.equals(INT_BRIDGE) || n.equals(CLIENT_HUB_PORT)
                        || n.equals(FRONT_HUB_PORT) || n.equals(FRONT_INT_PORT) || n.matches("dts-[hi]\\d+"))
                .toList();
    }

    private static String[] concat(String[]... parts) {
        return Arrays.stream(parts).flatMap(Arrays::stream).toArray(String[]::new);
    }
}
