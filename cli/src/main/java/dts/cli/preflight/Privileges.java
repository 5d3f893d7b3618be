package dts.cli.preflight;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Root and the network capabilities the node uses, read from /proc/self/status. */
final class Privileges {
    static final int CAP_NET_ADMIN = 12;
    static final int CAP_NET_RAW = 13;

    private Privileges() {}

    static List<Check> checks() {
        try {
            List<String> status = Files.readAllLines(Path.of("/proc/self/status"));
            return List.of(root(Integer.parseInt(field(status, "Uid:").split("\\s+")[1])),
                    capabilities(Long.parseUnsignedLong(field(status, "CapEff:"), 16)));
        } catch (IOException | RuntimeException e) {
            return List.of(Check.missing("root", "cannot read /proc/self/status: " + e.getMessage()));
        }
    }

    /** The node's flow table refuses to start unless the effective uid is 0. */
    static Check root(int euid) {
        if (euid == 0) return Check.ok("root", "effective uid 0");
        return Check.missing("root", "effective uid " + euid + ": the node runs as root (sudo dts …; the dts-node@ unit runs as root)");
    }

    /** CAP_NET_ADMIN (TCP_REPAIR, nftables, forced buffer sizes) and CAP_NET_RAW (IP_TRANSPARENT). */
    static Check capabilities(long capEff) {
        List<String> lacking = new ArrayList<>();
        if ((capEff & (1L << CAP_NET_ADMIN)) == 0) lacking.add("CAP_NET_ADMIN");
        if ((capEff & (1L << CAP_NET_RAW)) == 0) lacking.add("CAP_NET_RAW");
        if (lacking.isEmpty()) return Check.ok("capabilities", "CAP_NET_ADMIN and CAP_NET_RAW effective");
        return Check.missing("capabilities", String.join(" and ", lacking) + " not effective (CapEff "
                + Long.toHexString(capEff) + "): run as root with them, e.g. a container needs --cap-add NET_ADMIN --cap-add NET_RAW");
    }

    private static String field(List<String> status, String key) {
        return status.stream().filter(l -> l.startsWith(key)).map(l -> l.substring(key.length()).strip())
                .findFirst().orElseThrow(() -> new IllegalStateException("no " + key + " line"));
    }
}
