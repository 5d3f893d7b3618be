package dts.node.testbed;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/** Waits until a started node daemon answers {@code GET /status} with 200, or says why not. */
final class DaemonReadiness {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(1);
    private static final long POLL_MILLIS = 100;

    private DaemonReadiness() {}

    static void await(String id, Process process, String statusUrl, Path log, long deadlineNanos) {
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build()) {
            HttpRequest get = HttpRequest.newBuilder(URI.create(statusUrl)).timeout(REQUEST_TIMEOUT).GET().build();
            String last = "no answer";
            while (System.nanoTime() < deadlineNanos) {
                if (!process.isAlive()) {
                    throw new TestbedException(id + " exited with code " + process.exitValue() + " before answering "
                            + statusUrl + "; last lines of " + log + ":\n" + Processes.tail(log));
                }
                try {
                    HttpResponse<Void> r = http.send(get, HttpResponse.BodyHandlers.discarding());
                    if (r.statusCode() == 200) return;
                    last = "HTTP " + r.statusCode();
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
