package dts.harness.result;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dts.harness.Check;
import dts.harness.client.Measurement;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One system's run as written to the results JSON. Requests = pages + downloads (successful ones);
 * {@code downloads_qos_failed} = downloads below the good byte rate; {@code throughput_mbps} = body
 * bytes × 8 / duration / 10⁶ (megabits per second); {@code latency_ms} and {@code latency_cdf} are
 * page response times; {@code disk_read_bytes} per node comes from the node's blkio counters (the
 * orchestrator adds it with {@link #withDiskReadBytes}); {@code cpu_ms} per node (and the front proxy) is the
 * CPU time its cgroup used over the measured phase (cpuacct; {@link #withCpuMillis}).
 */
@JsonPropertyOrder({"system", "sessions", "requests", "pages", "downloads", "downloads_qos_failed",
        "downloads_qos_tolerable", "pages_qos_good_pct", "pages_qos_tolerable_pct", "throughput_mbps", "latency_ms",
        "disk_read_bytes", "cpu_ms", "errors", "errors_by_kind", "retries", "unfinished", "duration_s", "body_bytes",
        "throughput_series_mbps", "latency_cdf"})
public record RunResult(String system, int sessions, long requests, long pages, long downloads,
                        @JsonProperty("downloads_qos_failed") long downloadsQosFailed,
                        @JsonProperty("downloads_qos_tolerable") long downloadsQosTolerable,
                        @JsonProperty("pages_qos_good_pct") double pagesQosGoodPct,
                        @JsonProperty("pages_qos_tolerable_pct") double pagesQosTolerablePct,
                        @JsonProperty("throughput_mbps") double throughputMbps,
                        @JsonProperty("latency_ms") LatencyMs latencyMs,
                        @JsonProperty("disk_read_bytes") Map<String, Long> diskReadBytes,
                        @JsonProperty("cpu_ms") Map<String, Long> cpuMillis,
                        long errors,
                        @JsonProperty("errors_by_kind") Map<String, Long> errorsByKind,
                        long retries, long unfinished,
                        @JsonProperty("duration_s") double durationSeconds,
                        @JsonProperty("body_bytes") long bodyBytes,
                        @JsonProperty("throughput_series_mbps") List<Double> throughputSeriesMbps,
                        @JsonProperty("latency_cdf") List<CdfPoint> latencyCdf) {
    public RunResult {
        Check.notBlank("system", system);
        Check.notNull("latency_ms", latencyMs);
        diskReadBytes = diskReadBytes == null ? Map.of() : new TreeMap<>(diskReadBytes);
        cpuMillis = cpuMillis == null ? Map.of() : new TreeMap<>(cpuMillis);
        errorsByKind = errorsByKind == null ? Map.of() : new TreeMap<>(errorsByKind);
        throughputSeriesMbps = throughputSeriesMbps == null ? List.of() : List.copyOf(throughputSeriesMbps);
        latencyCdf = latencyCdf == null ? List.of() : List.copyOf(latencyCdf);
    }

    /** A result for {@code system} from a client measurement, without disk reads. */
    public static RunResult of(String system, Measurement m) {
        double seconds = m.durationNanos() / 1e9;
        long tolerableOnly = m.downloadsTolerable();
        double goodPct = m.pages() == 0 ? 100.0 : 100.0 * m.pagesGood() / m.pages();
        double tolerablePct = m.pages() == 0 ? 100.0 : 100.0 * (m.pagesGood() + m.pagesTolerable()) / m.pages();
        List<Double> series = new ArrayList<>();
        for (long bytes : m.bytesPerSecond()) series.add(Latencies.round(bytes * 8 / 1e6, 3));
        return new RunResult(system, m.sessions(), m.requests(), m.pages(), m.downloads(), m.downloadsQosFailed(),
                tolerableOnly, Latencies.round(goodPct, 3), Latencies.round(tolerablePct, 3),
                Latencies.round(seconds > 0 ? m.bodyBytes() * 8 / seconds / 1e6 : 0, 3),
                Latencies.summary(m.pageLatencyMicros()), Map.of(), Map.of(), m.errors(), m.errorsByKind(), m.retries(),
                m.unfinished(), Latencies.round(seconds, 3), m.bodyBytes(), series, Latencies.cdf(m.pageLatencyMicros()));
    }

    /** This result with per-node disk read bytes (node id → bytes). */
    public RunResult withDiskReadBytes(Map<String, Long> perNode) {
        return new RunResult(system, sessions, requests, pages, downloads, downloadsQosFailed, downloadsQosTolerable,
                pagesQosGoodPct, pagesQosTolerablePct, throughputMbps, latencyMs, perNode, cpuMillis, errors, errorsByKind, retries,
                unfinished, durationSeconds, bodyBytes, throughputSeriesMbps, latencyCdf);
    }

    /** This result with the CPU time each cgroup used (node id or front → milliseconds). */
    public RunResult withCpuMillis(Map<String, Long> perCgroup) {
        return new RunResult(system, sessions, requests, pages, downloads, downloadsQosFailed, downloadsQosTolerable,
                pagesQosGoodPct, pagesQosTolerablePct, throughputMbps, latencyMs, diskReadBytes, perCgroup, errors, errorsByKind,
                retries, unfinished, durationSeconds, bodyBytes, throughputSeriesMbps, latencyCdf);
    }

    /** CPU milliseconds per request over every cgroup of the system (nodes and front); NaN without CPU figures or requests. */
    public double cpuMillisPerRequest() {
        if (cpuMillis.isEmpty() || requests == 0) return Double.NaN;
        return (double) sum(cpuMillis) / requests;
    }

    /** Sum of {@code disk_read_bytes} over nodes. */
    public long totalDiskReadBytes() {
        return sum(diskReadBytes);
    }

    private static long sum(Map<String, Long> perCgroup) {
        long sum = 0;
        for (long v : perCgroup.values()) sum += v;
        return sum;
    }
}
