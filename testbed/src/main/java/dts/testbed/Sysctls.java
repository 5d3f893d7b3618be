package dts.testbed;

import dts.splicer.sys.Netns;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Per-namespace sysctls, written to /proc/sys from a thread inside the namespace (net sysctls
 * belong to the namespace of whoever opens them), so no {@code sysctl} binary is needed.
 */
final class Sysctls {
    /** One setting; a missing key fails only when {@code required}. */
    record Setting(String key, String value, boolean required) {}

    /** Limits and hygiene for every testbed namespace; set before creating its interfaces. */
    static final List<Setting> COMMON = List.of(
            new Setting("net.core.somaxconn", "4096", true),
            new Setting("net.ipv4.tcp_max_syn_backlog", "8192", true),
            new Setting("net.ipv4.tcp_tw_reuse", "1", true),
            new Setting("net.ipv4.conf.all.rp_filter", "0", true),
            new Setting("net.ipv4.conf.default.rp_filter", "0", true),
            // Every node's hub veth has the same MAC, hence the same IPv6 link-local address: DAD
            // would fail and router solicitations would be noise. The testbed is IPv4 only.
            new Setting("net.ipv6.conf.all.disable_ipv6", "1", false),
            new Setting("net.ipv6.conf.default.disable_ipv6", "1", false));

    /** The client opens many short connections: a wide ephemeral port range. */
    static final List<Setting> CLIENT = List.of(new Setting("net.ipv4.ip_local_port_range", "1024 65535", true));

    private Sysctls() {}

    /**
     * A node's hub interface: never answer ARP for the VIP (arp_ignore 8): all nodes would answer
     * with the same MAC, and the client holds a permanent neighbour entry anyway; ask for the
     * client with the VIP as source (arp_announce 2), the only address on that interface.
     */
    static List<Setting> nodeHub(String ifname) {
        return List.of(new Setting("net.ipv4.conf." + ifname + ".arp_ignore", "8", true),
                new Setting("net.ipv4.conf." + ifname + ".arp_announce", "2", true),
                new Setting("net.ipv4.conf." + ifname + ".rp_filter", "0", true));
    }

    /** Writes {@code s} in {@code ns}. */
    static void set(String ns, Setting s) {
        Path p = Path.of("/proc/sys", s.key().split("\\."));
        Netns.call(ns, () -> {
            if (!Files.exists(p)) {
                if (s.required()) throw new TestbedException("sysctl " + s.key() + " missing in namespace " + ns);
                return null;
            }
            try {
                Files.writeString(p, s.value());
            } catch (IOException e) {
                throw new TestbedException("sysctl " + s.key() + "=" + s.value() + " in " + ns + ": " + e.getMessage(), e);
            }
            return null;
        });
    }
}
