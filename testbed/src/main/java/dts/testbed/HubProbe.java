package dts.testbed;

import dts.splicer.sys.Netns;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dts.testbed.TestbedNames.*;

/**
 * Checks the hub at the packet level: a SYN from the client to VIP:port must reach every node.
 * Counts SYNs with an nft counter in each node (table {@code inet dts_hubprobe} at priority -350,
 * before the flow table), connects once from the client, then removes the counters.
 */
public final class HubProbe {
    private static final String TABLE = "inet dts_hubprobe";
    private static final int CONNECT_TIMEOUT_MILLIS = 300;
    private static final long WAIT_MILLIS = 2000;
    private static final Pattern PACKETS = Pattern.compile("packets (\\d+)");

    private HubProbe() {}

    /** SYNs to VIP:{@code port} seen by each node namespace after one connect attempt from the client. */
    public static Map<String, Long> synsSeen(List<String> nodeNamespaces, int port) {
        for (String ns : nodeNamespaces) {
            Shell.inNs(ns, "nft", "add table " + TABLE + "; add counter " + TABLE + " syn; "
                    + "add chain " + TABLE + " pre { type filter hook prerouting priority -350; policy accept; }; "
                    + "add rule " + TABLE + " pre ip daddr " + VIP + " tcp dport " + port
                    + " tcp flags & (syn|ack) == syn counter name syn");
        }
        try {
            connectOnce(port);
            long deadline = System.currentTimeMillis() + WAIT_MILLIS;
            Map<String, Long> seen;
            do {
                seen = counts(nodeNamespaces);
            } while (seen.containsValue(0L) && System.currentTimeMillis() < deadline && pause());
            return seen;
        } finally {
            for (String ns : nodeNamespaces) Shell.tryRun("ip", "netns", "exec", ns, "nft", "delete table " + TABLE);
        }
    }

    /** Fails unless every node saw the client's SYN. */
    public static void requireFlooding(List<String> nodeNamespaces, int port) {
        Map<String, Long> seen = synsSeen(nodeNamespaces, port);
        if (seen.containsValue(0L)) {
            throw new TestbedException("hub check failed: a SYN from " + CLIENT_NS + " to " + VIP + ":" + port
                    + " did not reach every node (SYNs seen: " + seen + ")");
        }
    }

    private static void connectOnce(int port) {
        Netns.call(CLIENT_NS, () -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(VIP, port), CONNECT_TIMEOUT_MILLIS);
            } catch (IOException expected) {
                // refused (RST from nodes without a listener) or timed out: the SYN went out either way
            }
            return null;
        });
    }

    private static Map<String, Long> counts(List<String> nodeNamespaces) {
        Map<String, Long> seen = new LinkedHashMap<>();
        for (String ns : nodeNamespaces) {
            Matcher m = PACKETS.matcher(Shell.inNs(ns, "nft", "list", "counter", "inet", "dts_hubprobe", "syn"));
            seen.put(ns, m.find() ? Long.parseLong(m.group(1)) : 0L);
        }
        return seen;
    }

    private static boolean pause() {
        try {
            Thread.sleep(20);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
