package dts.cli;

import dts.testbed.Testbed;
import dts.splicer.sys.Netns;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code ./dts bench downloads}: what a user of large downloads sees. On a 4-node cluster per backend,
 * N sequential HTTP/1.0 GETs of /files/1MiB.bin, one connection each (nearly all handed off while the
 * client ACKs a fast stream): each body's SHA-256 against the file, resets, short bodies and timeouts
 * counted, and every RST the client namespace receives from the VIP counted by an nftables counter;
 * then ab at concurrency 1 and 16 on 1 KiB and 1 MiB, and the nodes' hand-off latency.
 */
@Command(name = "downloads", description = "Sequential 1 MiB downloads (resets, short bodies, RSTs) and ab runs, per backend.")
final class DownloadsBench implements Callable<Integer> {
    private static final int TIMEOUT_MILLIS = 10_000;

    @Option(names = "--count", defaultValue = "10000", description = "sequential downloads per backend (default: ${DEFAULT-VALUE})")
    int count;

    @Option(names = "--ab-requests", defaultValue = "3000", description = "requests per ab run; 0: no ab (default: ${DEFAULT-VALUE})")
    int abRequests;

    @Option(names = "--backends", split = ",", defaultValue = "embedded,nginx", description = "backends (default: ${DEFAULT-VALUE})")
    List<Testbed.Backend> backends;

    @Option(names = "--state-dir", defaultValue = StateDir.DEFAULT, description = "state directory (default: ${DEFAULT-VALUE})")
    Path stateDir;

    private record Tally(int ok, int resets, int shortBodies, int wrongBodies, int timeouts, int otherErrors, double seconds) {}

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        boolean clean = true;
        for (Testbed.Backend backend : backends) {
            Testbed tb = Testbed.up(Testbed.Options.builder(stateDir).nodes(4).backend(backend).build());
            try {
                TestbedStatus.awaitConverged(tb);
                byte[] expected = sha256(Files.readAllBytes(findFile(stateDir, "1MiB.bin")));
                String ns = tb.clientNamespace();
                countRstsFromVip(ns, tb.vip());
                Tally t = Netns.call(ns, () -> sequential(tb, expected));
                long rsts = rstsFromVip(ns);
                out.printf("%s: %d sequential 1 MiB downloads in %.1f s (%.0f/s): ok %d, resets %d, short bodies %d, wrong bodies %d,"
                                + " timeouts %d, other errors %d; RST from the VIP %d%n", backend, count, t.seconds(), count / t.seconds(),
                        t.ok(), t.resets(), t.shortBodies(), t.wrongBodies(), t.timeouts(), t.otherErrors(), rsts);
                printLatency(out, tb, "  hand-off latency after the sequential downloads (concurrency 1)");
                clean &= t.ok() == count && rsts == 0;
                if (abRequests > 0) {
                    for (int c : new int[] {1, 16}) {
                        for (String file : List.of("1KiB.bin", "1MiB.bin")) {
                            String line;
                            try {
                                AbRun r = AbRun.run(ns, "http://" + tb.vip() + "/files/" + file, abRequests, c);
                                line = String.format("complete, %.0f req/s, failed %d, p50 %.1f ms, p99 %.1f ms",
                                        r.requestsPerSecond(), r.failed() + r.non2xx(), r.p50Millis(), r.p99Millis());
                                clean &= r.failed() + r.non2xx() == 0;
                            } catch (IOException e) {
                                line = "DID NOT COMPLETE: " + e.getMessage().lines().reduce((a, b) -> b).orElse("");
                                clean = false;
                            }
                            out.printf("  ab -n %d -c %d %s: %s%n", abRequests, c, file, line);
                        }
                    }
                    out.printf("  RST from the VIP after the ab runs: %d%n", rstsFromVip(ns));
                    clean &= rstsFromVip(ns) == 0;
                }
            } finally {
                tb.down();
            }
        }
        out.println(clean ? "downloads: clean (no reset, no short or wrong body, no RST, every ab run complete)" : "downloads: NOT CLEAN");
        return clean ? 0 : 1;
    }

    private Tally sequential(Testbed tb, byte[] expected) throws Exception {
        int ok = 0, resets = 0, shortBodies = 0, wrong = 0, timeouts = 0, other = 0;
        byte[] request = "GET /files/1MiB.bin HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] buf = new byte[1 << 16];
        long t0 = System.nanoTime();
        for (int i = 0; i < count; i++) {
            try (Socket s = new Socket()) {
                s.setSoTimeout(TIMEOUT_MILLIS);
                s.connect(new InetSocketAddress(tb.vip(), tb.port()), TIMEOUT_MILLIS);
                s.getOutputStream().write(request);
                InputStream in = s.getInputStream();
                java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream(1 << 21);
                for (int n; (n = in.read(buf)) > 0; ) all.write(buf, 0, n);
                byte[] r = all.toByteArray();
                int head = indexOf(r, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                long declared = contentLength(r, head);
                byte[] body = head < 0 ? new byte[0] : Arrays.copyOfRange(r, head + 4, r.length);
                if (head < 0 || body.length < declared) shortBodies++;
                else if (!Arrays.equals(sha256(body), expected)) wrong++;
                else ok++;
            } catch (SocketTimeoutException e) {
                timeouts++;
            } catch (IOException e) {
                if (String.valueOf(e.getMessage()).contains("reset")) resets++;
                else other++;
            }
        }
        return new Tally(ok, resets, shortBodies, wrong, timeouts, other, (System.nanoTime() - t0) / 1e9);
    }

    private static long contentLength(byte[] r, int head) {
        if (head < 0) return Long.MAX_VALUE;
        for (String line : new String(r, 0, head, StandardCharsets.ISO_8859_1).split("\r\n")) {
            if (line.regionMatches(true, 0, "content-length:", 0, 15)) return Long.parseLong(line.substring(15).trim());
        }
        return Long.MAX_VALUE;
    }

    private static int indexOf(byte[] a, byte[] pat) {
        outer:
        for (int i = 0; i + pat.length <= a.length && i < 65536; i++) {
            for (int j = 0; j < pat.length; j++) if (a[i + j] != pat[j]) continue outer;
            return i;
        }
        return -1;
    }

    private static byte[] sha256(byte[] b) throws Exception { return MessageDigest.getInstance("SHA-256").digest(b); }

    private static Path findFile(Path dir, String name) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.getFileName().toString().equals(name)).findFirst()
                    .orElseThrow(() -> new IOException("no " + name + " under " + dir));
        }
    }

    /** An nftables counter in the client namespace of every RST segment from the VIP. */
    private static void countRstsFromVip(String ns, String vip) throws Exception {
        sh("ip", "netns", "exec", ns, "nft", "add table inet dts-audit; delete table inet dts-audit; add table inet dts-audit; "
                + "add counter inet dts-audit rst; add chain inet dts-audit in { type filter hook input priority 0; policy accept; }; "
                + "add rule inet dts-audit in ip saddr " + vip + " tcp flags & rst == rst counter name rst");
    }

    private static long rstsFromVip(String ns) throws Exception {
        String o = sh("ip", "netns", "exec", ns, "nft", "list", "counter", "inet", "dts-audit", "rst");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("packets (\\d+)").matcher(o);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private static String sh(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String o = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IOException(String.join(" ", cmd) + ": " + o);
        return o;
    }

    @SuppressWarnings("unchecked")
    private static void printLatency(PrintStream out, Testbed tb, String title) throws Exception {
        out.println(title + ":");
        for (var n : tb.nodes()) {
            Map<String, Object> s = TestbedStatus.of(n);
            Map<String, Object> lat = (Map<String, Object>) s.get("handoff_latency_us");
            out.printf("    %s: handoffs_out=%s fallbacks=%s commits_refused=%s decision->LIVE us p50=%s p99=%s (n=%s)%n", n.id(),
                    s.get("handoffs_out"), s.get("handoff_fallbacks"), s.get("commits_refused"), lat.get("p50"), lat.get("p99"), lat.get("count"));
        }
    }
}
