package dts.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One ApacheBench run from a network namespace, parsed: rate, failures and latency percentiles. */
record AbRun(String url, int requests, int concurrency, double requestsPerSecond, long failed, long non2xx,
             double p50Millis, double p99Millis, double maxMillis) {
    private static final Pattern RPS = Pattern.compile("Requests per second:\\s+([0-9.]+)");
    private static final Pattern FAILED = Pattern.compile("Failed requests:\\s+(\\d+)");
    private static final Pattern NON2XX = Pattern.compile("Non-2xx responses:\\s+(\\d+)");
    private static final Pattern PCT = Pattern.compile("(?m)^\\s+(50|99|100)%\\s+(\\d+)");

    /** Runs {@code ab -n requests -c concurrency url} (new connection per request) inside {@code netns}. */
    static AbRun run(String netns, String url, int requests, int concurrency) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", netns, "ab", "-q", "-r", "-s", "30",
                "-n", Integer.toString(requests), "-c", Integer.toString(concurrency), url));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IOException("ab failed (" + String.join(" ", cmd) + "):\n" + out);
        double p50 = 0, p99 = 0, max = 0;
        Matcher m = PCT.matcher(out);
        while (m.find()) {
            double v = Double.parseDouble(m.group(2));
            switch (m.group(1)) {
                case "50" -> p50 = v;
                case "99" -> p99 = v;
                default -> max = v;
            }
        }
        return new AbRun(url, requests, concurrency, number(RPS, out), (long) number(FAILED, out), (long) number(NON2XX, out),
                p50, p99, max);
    }

    private static double number(Pattern p, String out) {
        Matcher m = p.matcher(out);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
