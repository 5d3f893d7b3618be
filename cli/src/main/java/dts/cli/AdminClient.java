package dts.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dts.config.ClusterKey;
import dts.config.ConfigException;
import dts.config.DtsConfig;
import dts.node.admin.AdminAuth;
import dts.config.NodeConfig;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Talks to every node's admin endpoint (internal addresses, reachable from the host namespace). */
final class AdminClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final DtsConfig config;

    AdminClient(DtsConfig config) { this.config = config; }

    private URI uri(NodeConfig n, String path) {
        return URI.create("http://" + n.address().getHostAddress() + ":" + config.cluster().adminPort() + path);
    }

    /** {"nodes":[{...},...]}; a node that does not answer appears with "id" and "error". */
    Map<String, Object> status() {
        List<Object> nodes = new ArrayList<>();
        for (NodeConfig n : config.nodes()) {
            try {
                nodes.add(fetchStatus(n));
            } catch (Exception e) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", n.id());
                m.put("error", "no answer from " + uri(n, "/status") + ": " + String.valueOf(e).lines().findFirst().orElse(""));
                nodes.add(m);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("nodes", nodes);
        return out;
    }

    /** One node's status, or null when it does not answer. */
    Map<String, Object> status(String id) {
        try {
            return fetchStatus(node(id));
        } catch (Exception e) {
            return null;
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> fetchStatus(NodeConfig n) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri(n, "/status")).timeout(Duration.ofSeconds(3)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new java.io.IOException("HTTP " + r.statusCode() + " (is a DTS node listening there?)");
        return JSON.readValue(r.body(), Map.class);
    }

    /**
     * POST /reload on every node, with proof of the cluster key (the config's {@code cluster.key-file});
     * returns the errors (empty when every node applied the file).
     */
    List<String> reload() {
        AdminAuth auth = auth();
        List<String> errors = new ArrayList<>();
        for (NodeConfig n : config.nodes()) {
            Reply r = post(auth, n, "/reload", Duration.ofSeconds(5));
            if (!r.ok()) errors.add(n.id() + ": " + r.text());
        }
        return errors;
    }

    /** The reply of one node's signed POST {@code path}: its status code (0: no answer) and text. */
    record Reply(int code, String text) {
        boolean ok() { return code == 200; }
    }

    /** A signed POST {@code path} to node {@code id} (drain, undrain, move). */
    Reply post(String id, String path) {
        NodeConfig n = node(id);
        return post(auth(), n, path, Duration.ofSeconds(10));
    }

    private Reply post(AdminAuth auth, NodeConfig n, String path, Duration timeout) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri(n, path))
                    .header(AdminAuth.HEADER, auth.sign("POST", path, System.currentTimeMillis() / 1000))
                    .POST(HttpRequest.BodyPublishers.noBody()).timeout(timeout).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body().strip());
        } catch (Exception e) {
            return new Reply(0, "no answer from " + uri(n, path) + ": " + e);
        }
    }

    /** Proof of the cluster key from the config's {@code cluster.key-file}. */
    private AdminAuth auth() {
        return new AdminAuth(ClusterKey.load(config.cluster().keyFile().orElseThrow(() -> new ConfigException("cluster.key-file",
                List.of("cluster.key-file: not set (expected: the cluster's key file, to sign admin requests)")))));
    }

    /** The configured node {@code id}, or a clear error naming the nodes there are. */
    NodeConfig node(String id) {
        return config.node(id).orElseThrow(() -> new ConfigException("NODE", List.of(id + ": no such node (nodes: "
                + config.nodes().stream().map(NodeConfig::id).toList() + ")")));
    }

    static String toJson(Object o) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
