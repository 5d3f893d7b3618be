package dts.node.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import dts.testbed.NodeHandle;
import dts.testbed.Testbed;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads every node's {@code /status} from the host namespace and sums counters across nodes. */
final class ClusterStatus {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ClusterStatus() {}

    @SuppressWarnings("unchecked")
    static Map<String, Object> of(NodeHandle n) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(n.statusUrl()))
                    .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
            return JSON.readValue(r.body(), Map.class);
        } catch (Exception e) {
            throw new IllegalStateException("status of " + n.id() + ": " + e, e);
        }
    }

    /** The node's Prometheus text exposition ({@code GET /metrics}). */
    static String metrics(NodeHandle n) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(n.statusUrl().replace("/status", "/metrics")))
                    .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            throw new IllegalStateException("metrics of " + n.id() + ": " + e, e);
        }
    }

    /** The value of one sample line ({@code name{labels}} exactly as exposed), or NaN when absent. */
    static double sample(String exposition, String nameAndLabels) {
        for (String line : exposition.split("\n")) {
            if (line.startsWith(nameAndLabels + " ")) return Double.parseDouble(line.substring(nameAndLabels.length() + 1).trim());
        }
        return Double.NaN;
    }

    static List<Map<String, Object>> all(Testbed tb) {
        List<Map<String, Object>> l = new ArrayList<>();
        for (NodeHandle n : tb.nodes()) l.add(of(n));
        return l;
    }

    static long sum(List<Map<String, Object>> nodes, String key) {
        return nodes.stream().mapToLong(m -> ((Number) m.get(key)).longValue()).sum();
    }

    /** Waits until every node sees all {@code n} nodes live (membership converged). */
    @SuppressWarnings("unchecked")
    static void awaitConverged(Testbed tb, int n, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (true) {
            boolean ok = true;
            for (Map<String, Object> s : all(tb)) ok &= ((List<Object>) s.get("live_nodes")).size() == n;
            if (ok) return;
            if (System.currentTimeMillis() > deadline) throw new IllegalStateException("membership did not converge: " + all(tb));
            Thread.sleep(100);
        }
    }
}
