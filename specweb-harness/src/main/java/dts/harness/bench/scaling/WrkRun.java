package dts.harness.bench.scaling;

import dts.harness.HarnessException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One wrk run from a network namespace with {@code Connection: close}: every request is a new TCP
 * connection, so requests per second = new connections per second. Parsed: rate, completed requests,
 * socket errors and non-2xx answers.
 */
public record WrkRun(double requestsPerSecond, long requests, long socketErrors, long non2xx, String output) {
    private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern TOTAL = Pattern.compile("(\\d+) requests in");
    private static final Pattern SOCKET = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
    private static final Pattern NON2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");

    public static WrkRun run(String netns, String url, int threads, int connections, long durationMillis) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", netns, "wrk", "-t", Integer.toString(threads),
                "-c", Integer.toString(connections), "-d", Math.max(1, durationMillis / 1000) + "s", "--timeout", "5s",
                "-H", "Connection: close", url));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) throw new HarnessException("wrk failed (" + String.join(" ", cmd) + "):\n" + out);
            return parse(out);
        } catch (IOException e) {
            throw new HarnessException("wrk: cannot run (install Debian package wrk): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HarnessException("wrk: interrupted", e);
        }
    }

    static WrkRun parse(String out) {
        Matcher rps = RPS.matcher(out);
        Matcher total = TOTAL.matcher(out);
        if (!rps.find() || !total.find()) throw new HarnessException("wrk: no 'Requests/sec' in its output:\n" + out);
        long socketErrors = 0;
        Matcher s = SOCKET.matcher(out);
        if (s.find()) for (int i = 1; i <= 4; i++) socketErrors += Long.parseLong(s.group(i));
        Matcher n = NON2XX.matcher(out);
        long non2xx = n.find() ? Long.parseLong(n.group(1)) : 0;
        return new WrkRun(Double.parseDouble(rps.group(1)), Long.parseLong(total.group(1)), socketErrors, non2xx, out);
    }
}
