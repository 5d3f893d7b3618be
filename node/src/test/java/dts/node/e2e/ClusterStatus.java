package dts.node.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import dts.testbed.NodeHandle;
import dts.testbed.Testbed;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Reads every node's {@code /status} from the host namespace, sums counters across nodes, and waits
 * for the cluster to converge or serve (the E2E tests' one copy of those waits).
 */
public final class ClusterStatus {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ClusterStatus() {}

    @SuppressWarnings("unchecked")
    public static Map<String, Object> of(NodeHandle n) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(n.statusUrl()))
                    .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
            try {
                return JSON.readValue(r.body(), Map.class);
            } catch (Exception e) { // what came instead of the status (seen once in CI: a body that began with a number)
                String body = r.body();
                throw new IllegalStateException("status of " + n.id() + ": " + r.version() + " " + r.statusCode() + " " + r.headers().map()
                        + ", body of " + body.length() + " chars: " + body.substring(0, Math.min(300, body.length())) + ": " + e, e);
            }
        } catch (IllegalStateException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("status of " + n.id() + ": " + e, e);
        }
    }

    /** A POST to the node's admin endpoint signed with the testbed's cluster key: "CODE text". */
    static String post(Testbed tb, NodeHandle n, String path) {
        try {
            dts.node.admin.AdminAuth auth = new dts.node.admin.AdminAuth(dts.config.ClusterKey.load(Testbed.keyFile(tb.options().stateDir())));
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(n.statusUrl().replace("/status", path)))
                    .header(dts.node.admin.AdminAuth.HEADER, auth.sign("POST", path, System.currentTimeMillis() / 1000))
                    .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() + " " + r.body().strip();
        } catch (Exception e) {
            throw new IllegalStateException("POST " + path + " to " + n.id() + ": " + e, e);
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

    /**
     * Waits until every node named in {@code ids} is in a view of all the testbed's nodes, holds its
     * lease and owns buckets (a node that does not answer: not yet); on timeout, their last log lines.
     */
    static void awaitServing(Testbed tb, List<String> ids, long timeoutMillis) throws InterruptedException {
        List<NodeHandle> named = tb.nodes().stream().filter(n -> ids.contains(n.id())).toList();
        int all = tb.nodes().size();
        boolean serving = poll(named, timeoutMillis, statuses -> statuses.stream().allMatch(s -> liveNodes(s) == all
                && Boolean.TRUE.equals(s.get("lease_held")) && ownedBuckets(s) > 0));
        if (!serving) throw new IllegalStateException(ids + " not serving again" + logTails(named));
    }

    /**
     * Waits until every node is in a view of all the testbed's nodes and together they own all
     * {@code buckets} (a node that does not answer: not yet).
     */
    public static void awaitAllBucketsOwned(Testbed tb, int buckets, long timeoutMillis) throws InterruptedException {
        int all = tb.nodes().size();
        boolean owned = poll(tb.nodes(), timeoutMillis, statuses -> statuses.stream().allMatch(s -> liveNodes(s) == all)
                && statuses.stream().mapToLong(ClusterStatus::ownedBuckets).sum() == buckets);
        if (!owned) throw new IllegalStateException("the testbed did not converge");
    }

    /** Polls the nodes' statuses every 100 ms until {@code ready} holds for them; false once {@code timeoutMillis} have passed. */
    private static boolean poll(List<NodeHandle> nodes, long timeoutMillis, Predicate<List<Map<String, Object>>> ready)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (true) {
            if (holds(nodes, ready)) return true;
            if (System.currentTimeMillis() > deadline) return false;
            Thread.sleep(100);
        }
    }

    /** Whether {@code ready} holds for the nodes' statuses now; not when a node does not answer (or lacks a field). */
    private static boolean holds(List<NodeHandle> nodes, Predicate<List<Map<String, Object>>> ready) {
        try {
            return ready.test(nodes.stream().map(ClusterStatus::of).toList());
        } catch (RuntimeException e) {
            return false;
        }
    }

    @SuppressWarnings("unchecked")
    private static int liveNodes(Map<String, Object> status) { return ((List<Object>) status.get("live_nodes")).size(); }

    private static long ownedBuckets(Map<String, Object> status) { return ((Number) status.get("owned_buckets")).longValue(); }

    /** The last 30 lines of each node's log, each under a heading. */
    private static String logTails(List<NodeHandle> nodes) {
        StringBuilder logs = new StringBuilder();
        for (NodeHandle n : nodes) {
            try {
                List<String> lines = Files.readAllLines(n.log());
                logs.append("\n--- ").append(n.id()).append(" log:\n")
                        .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())));
            } catch (IOException e) {
                logs.append(e);
            }
        }
        return logs.toString();
    }
}
