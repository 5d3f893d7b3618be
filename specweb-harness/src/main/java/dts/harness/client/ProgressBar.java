package dts.harness.client;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** One status line on stderr, redrawn about once a second: elapsed, sessions, req/s, Mbps, errors. */
final class ProgressBar {
    private final PrintStream out;
    private final boolean terminal;
    private final long startNanos;
    private long lastNanos;
    private long lastRequests;
    private long lastBytes;

    private ProgressBar(PrintStream out, boolean terminal, long startNanos) {
        this.out = out;
        this.terminal = terminal;
        this.startNanos = startNanos;
        this.lastNanos = startNanos;
    }

    /** A bar for {@code mode}, or null when nothing should be drawn. */
    static ProgressBar forMode(ProgressMode mode, long startNanos) {
        boolean tty = stderrIsTerminal();
        return switch (mode) {
            case NEVER -> null;
            case AUTO -> tty ? new ProgressBar(System.err, true, startNanos) : null;
            case ALWAYS -> new ProgressBar(System.err, tty, startNanos);
        };
    }

    synchronized void tick(long nowNanos, int activeSessions, int sessions, long requests, long bodyBytes, long errors) {
        double dt = Math.max(1e-9, (nowNanos - lastNanos) / 1e9);
        String line = format((nowNanos - startNanos) / 1_000_000_000L, activeSessions, sessions,
                (requests - lastRequests) / dt, (bodyBytes - lastBytes) * 8 / dt / 1e6, errors);
        lastNanos = nowNanos;
        lastRequests = requests;
        lastBytes = bodyBytes;
        if (terminal) out.print("\r" + line + "\u001b[K");
        else out.println(line);
        out.flush();
    }

    synchronized void finish() {
        if (terminal) {
            out.println();
            out.flush();
        }
    }

    static String format(long elapsedSeconds, int activeSessions, int sessions, double requestsPerSecond, double mbps, long errors) {
        return String.format(Locale.ROOT, "[%4ds] sessions %d/%d  req/s %.0f  %.1f Mbps  errors %d",
                elapsedSeconds, activeSessions, sessions, requestsPerSecond, mbps, errors);
    }

    private static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (Exception e) {
            return false;
        }
    }
}
