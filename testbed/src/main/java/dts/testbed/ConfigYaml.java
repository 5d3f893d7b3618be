package dts.testbed;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import static dts.testbed.TestbedNames.*;

/**
 * The cluster config file the testbed writes (stateDir/config.yaml, shared by all nodes). A user's
 * file keeps its own top-level {@code cluster:} / {@code nodes:} when it has them; only the missing
 * blocks are prepended, so its pools and rules stay as written.
 */
final class ConfigYaml {
    private static final Pattern CLUSTER_KEY = Pattern.compile("(?m)^cluster\\s*:");
    private static final Pattern NODES_KEY = Pattern.compile("(?m)^nodes\\s*:");

    /**
     * One node's line: its backend is the embedded server (with a docroot) or a local web server URL
     * (with the docroot that server serves, when known: placement reads its page cache).
     */
    record NodeEntry(String id, String address, Path docroot, String backendUrl) {}

    private ConfigYaml() {}

    static String render(List<NodeEntry> nodes, String userText) {
        return render(nodes, userText, Map.of());
    }

    /** {@code clusterKeys}: extra keys of the generated cluster block (sorted), e.g. inspectors → [node1]. */
    static String render(List<NodeEntry> nodes, String userText, Map<String, String> clusterKeys) {
        String user = userText == null ? "" : userText;
        StringBuilder sb = new StringBuilder(renderBase(nodes, userText, clusterKeys));
        if (!user.isEmpty()) sb.append(user.endsWith("\n") ? user : user + "\n");
        return sb.toString();
    }

    static String renderBase(List<NodeEntry> nodes, String userText) {
        return renderBase(nodes, userText, Map.of());
    }

    /** The generated blocks alone: {@code cluster} and {@code nodes}, each unless the user's text has it. */
    static String renderBase(List<NodeEntry> nodes, String userText, Map<String, String> clusterKeys) {
        String user = userText == null ? "" : userText;
        StringBuilder sb = new StringBuilder("# written by the DTS testbed\n");
        if (!CLUSTER_KEY.matcher(user).find()) sb.append(cluster(clusterKeys));
        if (!NODES_KEY.matcher(user).find()) sb.append(nodes(nodes));
        return sb.toString();
    }

    static String cluster(Map<String, String> extraKeys) {
        StringBuilder sb = new StringBuilder("cluster: { vip: " + VIP + ", port: " + SERVICE_PORT + ", buckets: " + BUCKETS
                + ", hash-seed: 0x" + Integer.toHexString(HASH_SEED) + ", control-port: " + CONTROL_PORT
                + ", admin-port: " + ADMIN_PORT);
        new TreeMap<>(extraKeys).forEach((k, v) -> sb.append(", ").append(k).append(": ").append(v));
        return sb.append(" }\n").toString();
    }

    static String nodes(List<NodeEntry> nodes) {
        StringBuilder sb = new StringBuilder("nodes:\n");
        for (NodeEntry n : nodes) {
            sb.append("  - { id: ").append(n.id()).append(", address: ").append(n.address());
            if (n.backendUrl() == null) {
                sb.append(", backend: embedded, docroot: ").append(quote(n.docroot().toAbsolutePath().toString()));
            } else {
                sb.append(", backend: ").append(quote(n.backendUrl()));
                if (n.docroot() != null) sb.append(", docroot: ").append(quote(n.docroot().toAbsolutePath().toString()));
            }
            sb.append(" }\n");
        }
        return sb.toString();
    }

    /** A double-quoted YAML scalar. */
    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
