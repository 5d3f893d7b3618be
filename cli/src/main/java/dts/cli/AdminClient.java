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
    @SuppressWarnings("unchecked")
    Map<String, Object> status() {
        List<Object> nodes = new ArrayList<>();
        for (NodeConfig n : config.nodes()) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri(n, "/status")).timeout(Duration.ofSeconds(3)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) throw new java.io.IOException("HTTP " + r.statusCode() + " (is a DTS node listening there?)");
                nodes.add(JSON.readValue(r.body(), Map.class));
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

    /**
     * POST /reload on every node, with proof of the cluster key (the config's {@code cluster.key-file});
     * returns the errors (empty when every node applied the file).
     */
    List<String> reload() {
        ClusterKey key = ClusterKey.load(config.cluster().keyFile().orElseThrow(() -> new ConfigException("cluster.key-file",
                List.of("cluster.key-file: not set (expected: the cluster's key file, to sign the reload)"))));
        AdminAuth auth = new AdminAuth(key);
        List<String> errors = new ArrayList<>();
        for (NodeConfig n : config.nodes()) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri(n, "/reload"))
                        .header(AdminAuth.HEADER, auth.sign("POST", "/reload", System.currentTimeMillis() / 1000))
                        .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) errors.add(n.id() + ": " + r.body().strip());
            } catch (Exception e) {
                errors.add(n.id() + ": no answer: " + e);
            }
        }
        return errors;
    }

    static String toJson(Object o) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
