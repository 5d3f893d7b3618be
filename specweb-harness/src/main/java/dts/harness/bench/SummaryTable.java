package dts.harness.bench;

import dts.harness.result.RunResult;

import java.util.List;
import java.util.Locale;

/**
 * The one table {@code ./dts demo} and {@code ./dts bench specweb} print; {@code cpu_ms/req} is the CPU time of
 * all the system's cgroups (nodes, and the front proxy) over the measured phase per request.
 */
public final class SummaryTable {
    private static final String FORMAT = "%-13s %8s %9s %17s %12s %10s %9s %7s %11s%n";

    private SummaryTable() {}

    public static String render(List<RunResult> runs) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, FORMAT, "system", "sessions", "requests", "qos_failed/downl", "disk_read_MB",
                "mbit_per_s", "p99_ms", "errors", "cpu_ms/req"));
        for (RunResult r : runs) {
            double cpuPerRequest = r.cpuMillisPerRequest();
            sb.append(String.format(Locale.ROOT, FORMAT, r.system(), r.sessions(), r.requests(),
                    r.downloadsQosFailed() + "/" + r.downloads(),
                    String.format(Locale.ROOT, "%.1f", r.totalDiskReadBytes() / 1e6),
                    String.format(Locale.ROOT, "%.1f", r.throughputMbps()),
                    String.format(Locale.ROOT, "%.1f", r.latencyMs().p99()), r.errors(),
                    Double.isNaN(cpuPerRequest) ? "-" : String.format(Locale.ROOT, "%.3f", cpuPerRequest)));
        }
        return sb.toString();
    }
}
