package dts.cli.preflight;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The sysctls a node relies on, as the testbed sets them in each node's namespace: a listen backlog
 * of 4096, no strict reverse-path filter, and on the service interface no ARP answers for the node's
 * other addresses, the VIP as the source of its ARP requests, and no IPv6 (every node would form the
 * same addresses from the shared MAC). Per-interface ARP and rp_filter values take effect as the
 * larger of {@code conf.all} and {@code conf.IF}.
 */
final class Sysctls {
    static final int LISTEN_BACKLOG = 4096;

    /** Reads a key such as {@code net.core.somaxconn}; empty when the kernel has no such key. */
    private final Function<String, Optional<String>> read;

    Sysctls(Function<String, Optional<String>> read) {
        this.read = read;
    }

    static Sysctls host() {
        return new Sysctls(key -> {
            // Files.readString reads one byte of a /proc/sys file here (its size is 0); readAllLines reads it all.
            // sysctl names write a dot inside an interface name (eth0.100) as '/'
            Path p = Path.of("/proc/sys", Stream.of(key.split("\\.")).map(k -> k.replace('/', '.')).toArray(String[]::new));
            try {
                return Files.exists(p) ? Optional.of(String.join(" ", Files.readAllLines(p)).strip()) : Optional.empty();
            } catch (IOException e) {
                return Optional.empty();
            }
        });
    }

    List<Check> global() {
        List<Check> checks = new ArrayList<>();
        int somaxconn = number("net.core.somaxconn");
        checks.add(somaxconn >= LISTEN_BACKLOG ? Check.ok("sysctl net.core.somaxconn", String.valueOf(somaxconn))
                : Check.missing("sysctl net.core.somaxconn", somaxconn + " caps the node's listen backlog of " + LISTEN_BACKLOG
                        + " (sysctl -w net.core.somaxconn=" + LISTEN_BACKLOG + ")"));
        int rp = number("net.ipv4.conf.all.rp_filter");
        checks.add(rp != 1 ? Check.ok("sysctl net.ipv4.conf.all.rp_filter", String.valueOf(rp))
                : Check.missing("sysctl net.ipv4.conf.all.rp_filter", "1 (strict) drops client packets whose route back is another interface"
                        + " (sysctl -w net.ipv4.conf.all.rp_filter=0)"));
        return checks;
    }

    List<Check> serviceInterface(String ifname) {
        String dev = ifname.replace('.', '/');
        String conf = "net.ipv4.conf." + dev + ".";
        List<Check> checks = new ArrayList<>();
        int arpIgnore = effective(dev, "arp_ignore");
        checks.add(arpIgnore == 8 || arpIgnore == 1 ? Check.ok("sysctl " + conf + "arp_ignore", arpIgnore + (arpIgnore == 8
                        ? " (never answers ARP: the gateway needs a permanent neighbour entry VIP -> cluster MAC)" : " (answers ARP for the VIP only)"))
                : Check.missing("sysctl " + conf + "arp_ignore", arpIgnore + " answers ARP on " + ifname + " for the node's other addresses"
                        + " (sysctl -w " + conf + "arp_ignore=8)"));
        int arpAnnounce = effective(dev, "arp_announce");
        checks.add(arpAnnounce == 2 ? Check.ok("sysctl " + conf + "arp_announce", "2")
                : Check.missing("sysctl " + conf + "arp_announce", arpAnnounce + " may ask ARP on " + ifname
                        + " with the node's own address as source (sysctl -w " + conf + "arp_announce=2)"));
        int rp = effective(dev, "rp_filter");
        checks.add(rp != 1 ? Check.ok("sysctl " + conf + "rp_filter", String.valueOf(rp))
                : Check.missing("sysctl " + conf + "rp_filter", "1 (strict, with conf.all) drops client packets whose route back is not "
                        + ifname + " (sysctl -w net.ipv4.conf.all.rp_filter=0 " + conf + "rp_filter=0)"));
        Optional<String> v6 = read.apply("net.ipv6.conf." + dev + ".disable_ipv6");
        String v6key = "sysctl net.ipv6.conf." + dev + ".disable_ipv6";
        checks.add(v6.isEmpty() || v6.get().equals("1") ? Check.ok(v6key, v6.orElse("no IPv6 in this kernel"))
                : Check.missing(v6key, v6.get() + ": every node would form the same IPv6 addresses from the shared MAC"
                        + " (sysctl -w net.ipv6.conf." + dev + ".disable_ipv6=1)"));
        return checks;
    }

    /** The value the kernel applies on {@code dev}: the larger of conf.all and conf.DEV. */
    private int effective(String dev, String key) {
        return Math.max(number("net.ipv4.conf.all." + key), number("net.ipv4.conf." + dev + "." + key));
    }

    private int number(String key) {
        return read.apply(key).map(v -> Integer.parseInt(v.split("\\s+")[0])).orElse(0);
    }
}
