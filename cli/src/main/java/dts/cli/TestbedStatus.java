package dts.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dts.testbed.NodeHandle;
import dts.testbed.Testbed;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The benches' one client of the testbed daemons' {@code GET /status} (each node's internal address,
 * from the host namespace), and the waits they build on it.
 */
final class TestbedStatus {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);
    private static final int BUCKETS = 4096;

    private TestbedStatus() {}

    /** The node's status map. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> of(NodeHandle n) throws IOException, InterruptedException {
        String body = HTTP.send(HttpRequest.newBuilder(URI.create(n.statusUrl())).timeout(REQUEST_TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return JSON.readValue(body, Map.class);
    }

    /** The nodes in the status's view. */
    @SuppressWarnings("unchecked")
    static List<Object> liveNodes(Map<String, Object> status) { return (List<Object>) status.get("live_nodes"); }

    /** The buckets the status's node owns. */
    static long ownedBuckets(Map<String, Object> status) { return ((Number) status.get("owned_buckets")).longValue(); }

    /** Until every node sees all the testbed's nodes live (15 s); a node that does not answer ends the wait. */
    static void awaitConverged(Testbed tb) throws IOException, InterruptedException {
        for (long deadline = System.currentTimeMillis() + 15_000; System.currentTimeMillis() < deadline; Thread.sleep(200)) {
            boolean ok = true;
            for (NodeHandle n : tb.nodes()) ok &= liveNodes(of(n)).size() == tb.nodes().size();
            if (ok) return;
        }
        throw new IOException("membership did not converge");
    }

    /**
     * Until every node is in a view of {@code n}, holds its lease, and the nodes own all the buckets
     * between them (30 s); a node that does not answer: not yet.
     */
    static void awaitServing(Testbed tb, int n) throws InterruptedException {
        for (long deadline = System.currentTimeMillis() + 30_000; System.currentTimeMillis() < deadline; Thread.sleep(100)) {
            boolean ok = true;
            long owned = 0;
            for (NodeHandle node : tb.nodes()) {
                try {
                    Map<String, Object> s = of(node);
                    ok &= liveNodes(s).size() == n && Boolean.TRUE.equals(s.get("lease_held"));
                    owned += ownedBuckets(s);
                } catch (IOException | RuntimeException e) {
                    ok = false;
                }
            }
            if (ok && owned == BUCKETS) return;
        }
        throw new IllegalStateException("the testbed did not converge");
    }
}
