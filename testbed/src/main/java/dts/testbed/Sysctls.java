package dts.testbed;

import dts.splicer.sys.Netns;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Per-namespace sysctls, written to /proc/sys from a thread inside the namespace (net sysctls
 * belong to the namespace of whoever opens them), so no {@code sysctl} binary is needed.
 */
final class Sysctls {
    private Sysctls() {}

    /** Limits and hygiene for every testbed namespace; call before creating its interfaces. */
    static void common(String ns) {
        set(ns, "net.core.somaxconn", "4096", true);
        set(ns, "net.ipv4.tcp_max_syn_backlog", "8192", true);
        set(ns, "net.ipv4.tcp_tw_reuse", "1", true);
        set(ns, "net.ipv4.conf.all.rp_filter", "0", true);
        set(ns, "net.ipv4.conf.default.rp_filter", "0", true);
        // Every node's hub veth has the same MAC, hence the same IPv6 link-local address: DAD
        // would fail and router solicitations would be noise. The testbed is IPv4 only.
        set(ns, "net.ipv6.conf.all.disable_ipv6", "1", false);
        set(ns, "net.ipv6.conf.default.disable_ipv6", "1", false);
    }

    /** The client opens many short connections: a wide ephemeral port range. */
    static void client(String ns) {
        set(ns, "net.ipv4.ip_local_port_range", "1024 65535", true);
    }

    /**
     * A node's hub interface: never answer ARP for the VIP (arp_ignore 8): all nodes would answer
     * with the same MAC, and the client holds a permanent neighbour entry anyway; ask for the
     * client with the VIP as source (arp_announce 2), the only address on that interface.
     */
    static void nodeHub(String ns, String ifname) {
        set(ns, "net.ipv4.conf." + ifname + ".arp_ignore", "8", true);
        set(ns, "net.ipv4.conf." + ifname + ".arp_announce", "2", true);
        set(ns, "net.ipv4.conf." + ifname + ".rp_filter", "0", true);
    }

    /** Writes {@code key} in {@code ns}; a missing key fails only when {@code required}. */
    static void set(String ns, String key, String value, boolean required) {
        Path p = Path.of("/proc/sys", key.split("\\."));
        Netns.call(ns, () -> {
            if (!Files.exists(p)) {
                if (required) throw new TestbedException("sysctl " + key + " missing in namespace " + ns);
                return null;
            }
            try {
                Files.writeString(p, value);
            } catch (IOException e) {
                throw new TestbedException("sysctl " + key + "=" + value + " in " + ns + ": " + e.getMessage(), e);
            }
            return null;
        });
    }
}
