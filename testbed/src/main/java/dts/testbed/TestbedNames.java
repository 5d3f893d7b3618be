package dts.testbed;

/**
 * Names and addresses of the hub-mode testbed (DESIGN.md section 2), all in the benchmarking range
 * 198.18.0.0/15: the service network 198.18.0.0/24 on the hub bridge, the internal network
 * 198.18.1.0/24 on an ordinary bridge that the root namespace joins too.
 */
public final class TestbedNames {
    public static final String CLIENT_NS = "dts-client";
    public static final String NODE_NS_PREFIX = "dts-node";
    public static final String HUB_BRIDGE = "dts-hub";
    public static final String INT_BRIDGE = "dts-int";
    /** Interface names inside the namespaces (each namespace has its own). */
    public static final String HUB_IF = "hub0";
    public static final String INT_IF = "int0";
    /** The optional front namespace: one front-end proxy (benchmark peers), on the hub and the internal bridge. */
    public static final String FRONT_NS = "dts-front";
    public static final String FRONT_ID = "front";
    public static final String FRONT_ADDR = "198.18.0.20";
    public static final String FRONT_INTERNAL_ADDR = "198.18.1.250";

    public static final String VIP = "198.18.0.10";
    public static final String CLIENT_ADDR = "198.18.0.100";
    public static final String CLUSTER_MAC = "02:00:00:00:00:10";
    public static final String ROOT_INTERNAL_ADDR = "198.18.1.254";
    public static final int PREFIX_BITS = 24;
    public static final int MAX_NODES = 200;

    public static final int SERVICE_PORT = 80;
    public static final int BUCKETS = 4096;
    public static final int HASH_SEED = 0x5eed;
    public static final int CONTROL_PORT = 7070;
    public static final int ADMIN_PORT = 7071;
    public static final int NGINX_PORT = 8080;

    private TestbedNames() {}

    public static String nodeId(int i) { return "node" + i; }

    public static String nodeNs(int i) { return NODE_NS_PREFIX + i; }

    public static String internalAddr(int i) { return "198.18.1." + i; }

    /** Root-namespace end of node i's veth on the hub bridge / on the internal bridge. */
    static String hubPort(int i) { return "dts-h" + i; }

    static String intPort(int i) { return "dts-i" + i; }

    static final String CLIENT_HUB_PORT = "dts-hc";
    static final String FRONT_HUB_PORT = "dts-hf";
    static final String FRONT_INT_PORT = "dts-if";

    /** True for a namespace name this testbed makes (dts-client, dts-front, dts-nodeN). */
    static boolean isOurs(String ns) {
        return ns.equals(CLIENT_NS) || ns.equals(FRONT_NS) || ns.matches(NODE_NS_PREFIX + "\\d+");
    }
}
