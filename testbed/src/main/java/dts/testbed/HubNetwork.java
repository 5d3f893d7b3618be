package dts.testbed;

import java.util.ArrayList;
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
    private static final String BRIDGE_OPTIONS =
            "nf_call_iptables 0 nf_call_ip6tables 0 nf_call_arptables 0 mcast_snooping 0";

    private static final String LEARNED_AGEING_CENTISECONDS = "30000";

    /** One step of the setup: an {@code ip -batch} (ns null: the root namespace, else {@code ip -n ns}) or a sysctl. */
    sealed interface Step {
        void run();
    }

    record IpBatch(String ns, List<String> lines) implements Step {
        List<String> command() { return ns == null ? List.of("ip") : List.of("ip", "-n", ns); }

        @Override public void run() { Shell.batch(command(), lines); }
    }

    record Sysctl(String ns, Sysctls.Setting setting) implements Step {
        @Override public void run() { Sysctls.set(ns, setting); }
    }

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
        for (Step s : plan(nodes, frontNamespace, floodOnlyToCluster)) s.run();
    }

    /**
     * The setup as 2 + namespaces processes instead of one per command: the namespaces, their sysctls
     * (before any interface enters them), the bridges and veths from the root namespace, the nodes' hub
     * sysctls (before hub0 goes up: it must never answer ARP for the VIP), then one batch inside each
     * namespace for its addresses, neighbour entry and links. The front namespace is an ordinary host on
     * the hub (own MAC, answers ARP) and on dts-int.
     */
    static List<Step> plan(int nodes, boolean frontNamespace, boolean floodOnlyToCluster) {
        List<String> namespaces = new ArrayList<>(List.of(CLIENT_NS));
        for (int i = 1; i <= nodes; i++) namespaces.add(nodeNs(i));
        if (frontNamespace) namespaces.add(FRONT_NS);
        List<Step> steps = new ArrayList<>();
        steps.add(new IpBatch(null, namespaces.stream().map(ns -> "netns add " + ns).toList()));
        for (String ns : namespaces) {
            sysctls(steps, ns, Sysctls.COMMON);
            if (ns.equals(CLIENT_NS)) sysctls(steps, ns, Sysctls.CLIENT);
        }

        List<String> root = new ArrayList<>();
        root.add("link add " + HUB_BRIDGE + " type bridge ageing_time " + (floodOnlyToCluster ? LEARNED_AGEING_CENTISECONDS : "0") + " " + BRIDGE_OPTIONS);
        root.add("link set " + HUB_BRIDGE + " up");
        root.add("link add " + INT_BRIDGE + " type bridge " + BRIDGE_OPTIONS);
        root.add("link set " + INT_BRIDGE + " up");
        root.add(addr(ROOT_INTERNAL_ADDR, INT_BRIDGE));
        veth(root, CLIENT_HUB_PORT, HUB_BRIDGE, CLIENT_NS, HUB_IF);
        for (int i = 1; i <= nodes; i++) {
            veth(root, hubPort(i), HUB_BRIDGE, nodeNs(i), HUB_IF);
            veth(root, intPort(i), INT_BRIDGE, nodeNs(i), INT_IF);
            if (floodOnlyToCluster) root.add("link set dev " + hubPort(i) + " type bridge_slave learning off");
        }
        if (frontNamespace) {
            veth(root, FRONT_HUB_PORT, HUB_BRIDGE, FRONT_NS, HUB_IF);
            veth(root, FRONT_INT_PORT, INT_BRIDGE, FRONT_NS, INT_IF);
        }
        steps.add(new IpBatch(null, root));
        for (int i = 1; i <= nodes; i++) sysctls(steps, nodeNs(i), Sysctls.nodeHub(HUB_IF));

        steps.add(new IpBatch(CLIENT_NS, List.of("link set lo up", addr(CLIENT_ADDR, HUB_IF), up(HUB_IF),
                "neigh replace " + VIP + " lladdr " + CLUSTER_MAC + " dev " + HUB_IF + " nud permanent")));
        for (int i = 1; i <= nodes; i++) {
            steps.add(new IpBatch(nodeNs(i), List.of("link set lo up", "link set " + HUB_IF + " address " + CLUSTER_MAC,
                    addr(VIP, HUB_IF), up(HUB_IF), addr(internalAddr(i), INT_IF), up(INT_IF))));
        }
        if (frontNamespace) {
            steps.add(new IpBatch(FRONT_NS, List.of("link set lo up", addr(FRONT_ADDR, HUB_IF), up(HUB_IF),
                    addr(FRONT_INTERNAL_ADDR, INT_IF), up(INT_IF))));
            sysctls(steps, FRONT_NS, Sysctls.CLIENT); // it opens many connections to the backends
        }
        return steps;
    }

    private static void sysctls(List<Step> steps, String ns, List<Sysctls.Setting> settings) {
        for (Sysctls.Setting s : settings) steps.add(new Sysctl(ns, s));
    }

    /** A veth: {@code rootEnd} on {@code bridge} in the root namespace, {@code nsEnd} in {@code ns}. */
    private static void veth(List<String> root, String rootEnd, String bridge, String ns, String nsEnd) {
        root.add("link add " + rootEnd + " type veth peer name " + nsEnd + " netns " + ns);
        root.add("link set " + rootEnd + " master " + bridge + " up");
    }

    private static String addr(String address, String dev) { return "addr add " + address + "/" + PREFIX_BITS + " dev " + dev; }

    private static String up(String dev) { return "link set " + dev + " up"; }

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
}
