package dts.harness.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dts.testbed.NodeHandle;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/** The DTS daemons' admin counters ({@code GET /status} on each node's internal address). */
public final class NodeStatus {
    private static final ObjectMapper JSON = new ObjectMapper();

    private NodeStatus() {}

    /** {"node1":{…status…},…}; a node that does not answer maps to {"error":"…"}. */
    public static JsonNode fetch(List<NodeHandle> nodes) {
        var out = JSON.createObjectNode();
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            for (NodeHandle n : nodes) {
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(n.statusUrl()))
                            .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
                    out.set(n.id(), JSON.readTree(r.body()));
                } catch (Exception e) {
                    out.set(n.id(), JSON.createObjectNode().put("error", String.valueOf(e)));
                }
            }
        }
        return out;
    }

    /** Sum of a numeric counter over the nodes of {@link #fetch}'s answer. */
    public static long sum(JsonNode status, String counter) {
        long s = 0;
        for (JsonNode n : status) s += n.path(counter).asLong(0);
        return s;
    }
}
