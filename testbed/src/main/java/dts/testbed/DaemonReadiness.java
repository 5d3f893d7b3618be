package dts.testbed;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Waits until a started node daemon answers {@code GET /status} with 200 and, when it reports
 * membership, is in a view with quorum of all {@code nodes} (so tests start on the final bucket
 * table); or says why not.
 */
final class DaemonReadiness {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(1);
    private static final long POLL_MILLIS = 100;

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private DaemonReadiness() {}

    /** True once the node's view holds all nodes with quorum (a status without membership: at once). */
    static boolean joined(String statusJson, int nodes) throws IOException {
        var status = JSON.readTree(statusJson);
        if (!status.has("quorum")) return true;
        return status.get("quorum").asBoolean() && status.path("live_nodes").size() == nodes;
    }

    static void await(String id, Process process, String statusUrl, Path log, long deadlineNanos, int nodes) {
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build()) {
            HttpRequest get = HttpRequest.newBuilder(URI.create(statusUrl)).timeout(REQUEST_TIMEOUT).GET().build();
            String last = "no answer";
            while (System.nanoTime() < deadlineNanos) {
                if (!process.isAlive()) {
                    throw new TestbedException(id + " exited with code " + process.exitValue() + " before answering "
                            + statusUrl + "; last lines of " + log + ":\n" + Processes.tail(log));
                }
                try {
                    HttpResponse<String> r = http.send(get, HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200 && joined(r.body(), nodes)) return;
                    last = r.statusCode() == 200 ? "not yet in a view of all " + nodes + " nodes" : "HTTP " + r.statusCode();
                } catch (IOException e) {
                    last = e.toString();
                }
                Thread.sleep(POLL_MILLIS);
            }
            throw new TestbedException(id + " did not answer " + statusUrl + " with 200 in time (last: " + last
                    + "); last lines of " + log + ":\n" + Processes.tail(log));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TestbedException("interrupted while waiting for " + id, e);
        }
    }
}
