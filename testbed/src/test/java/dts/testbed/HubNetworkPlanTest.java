package dts.testbed;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The batched setup against what the one-process-per-command setup ran (golden files recorded from it):
 * the same commands and sysctls, each batch in the recorded order, and every pair that acts on the same
 * namespace and interface still in the recorded order. Needs no root: nothing runs.
 */
class HubNetworkPlanTest {
    private static final Pattern CONF_DEV = Pattern.compile("\\.conf\\.(\\w+)\\.");

    @Test void fourNodesRunTheRecordedCommands() throws IOException {
        check("hub-network-4-nodes.txt", HubNetwork.plan(4, false, false));
    }

    @Test void frontNamespaceAndLearningHubRunTheRecordedCommands() throws IOException {
        check("hub-network-4-nodes-front-learning.txt", HubNetwork.plan(4, true, true));
    }

    @Test void oneProcessPerPhaseAndNamespace() {
        // root: the namespaces, then the bridges and veths; then one inside each of client, node1..4, front
        assertEquals(2 + 6, HubNetwork.plan(4, true, true).stream().filter(HubNetwork.IpBatch.class::isInstance).count());
    }

    private static void check(String golden, List<HubNetwork.Step> plan) throws IOException {
        List<String> old = golden(golden);
        List<String> now = plan.stream().flatMap(HubNetworkPlanTest::commands).toList();
        assertEquals(old.stream().sorted().toList(), now.stream().sorted().toList(), "the same commands and sysctls");
        for (HubNetwork.Step s : plan) {
            if (!(s instanceof HubNetwork.IpBatch b)) continue;
            List<String> lines = commands(b).toList();
            assertEquals(old.stream().filter(lines::contains).toList(), lines, "batch in the recorded order: " + b.command());
        }
        for (int i = 0; i < old.size(); i++) {
            for (int j = i + 1; j < old.size(); j++) {
                String a = old.get(i), c = old.get(j);
                if (dependent(a, c)) assertTrue(now.indexOf(a) < now.indexOf(c), "'" + a + "' must still come before '" + c + "'");
            }
        }
    }

    /** A step as the single commands the old setup ran: "ip [-n NS] LINE" or "sysctl NS key=value[ (optional)]". */
    private static Stream<String> commands(HubNetwork.Step s) {
        return switch (s) {
            case HubNetwork.IpBatch b -> b.lines().stream().map(l -> String.join(" ", b.command()) + " " + l);
            case HubNetwork.Sysctl x -> Stream.of("sysctl " + x.ns() + " " + x.setting().key() + "=" + x.setting().value()
                    + (x.setting().required() ? "" : " (optional)"));
        };
    }

    /**
     * Order matters between two commands in one namespace when one creates the namespace, both act on the
     * same interface, or a namespace-wide sysctl (limits, conf.all, conf.default) meets an interface's creation.
     * One exception, the one reordering the batches make: an interface's sysctls (arp_ignore, arp_announce,
     * rp_filter) and setting its MAC address ({@code link set IF address}) neither read nor reset each other.
     */
    private static boolean dependent(String a, String b) {
        String[] ta = touch(a), tb = touch(b);
        if (ta == null || tb == null || !ta[0].equals(tb[0])) return false;
        if (ta[1].equals("+") || tb[1].equals("+")) return true;
        if (ta[1].equals(tb[1])) return !(a.startsWith("sysctl ") && setsMac(b) || b.startsWith("sysctl ") && setsMac(a));
        return ta[1].equals("*") && createsInterface(b) || tb[1].equals("*") && createsInterface(a);
    }

    private static boolean setsMac(String c) {
        return c.matches("ip -n \\S+ link set \\S+ address \\S+");
    }

    /** {namespace, interface} a command acts on: "+" creates the namespace, "*" is namespace-wide; null: root only. */
    private static String[] touch(String c) {
        String[] w = c.split(" ");
        if (c.startsWith("ip netns add ")) return new String[] {w[3], "+"};
        if (c.startsWith("sysctl ")) {
            Matcher m = CONF_DEV.matcher(w[2]);
            boolean perInterface = m.find() && !m.group(1).equals("all") && !m.group(1).equals("default");
            return new String[] {w[1], perInterface ? m.group(1) : "*"};
        }
        if (createsInterface(c)) return new String[] {w[10], w[8]};
        if (c.startsWith("ip -n ")) {
            int dev = List.of(w).indexOf("dev");
            return new String[] {w[2], dev > 0 ? w[dev + 1] : w[5]};
        }
        return null;
    }

    /** "ip link add ROOT_END type veth peer name IF netns NS". */
    private static boolean createsInterface(String c) {
        return c.startsWith("ip link add ") && c.contains(" netns ");
    }

    private static List<String> golden(String name) throws IOException {
        try (InputStream in = HubNetworkPlanTest.class.getResourceAsStream(name)) {
            if (in == null) throw new IOException("no resource " + name);
            List<String> lines = new ArrayList<>();
            for (String l : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!l.isBlank() && !l.startsWith("#")) lines.add(l);
            }
            return lines;
        }
    }
}
