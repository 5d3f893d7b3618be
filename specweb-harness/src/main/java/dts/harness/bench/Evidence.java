package dts.harness.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dts.harness.client.Measurement;
import dts.harness.client.PageHop;
import dts.harness.HarnessException;
import dts.testbed.NodeHandle;
import dts.testbed.Testbed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/** Files next to the results that explain them: per-system counters and the processes' logs. */
final class Evidence {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Evidence() {}

    static ObjectNode object(String system) {
        return JSON.createObjectNode().put("system", system);
    }

    /** What a run was: workload, resource model, derived sizes (outDir/plan.json). */
    static ObjectNode plan(SpecwebPlan p, FileSetStore.Prepared files) {
        ObjectNode o = JSON.createObjectNode();
        o.put("nodes", p.nodes()).put("sessions", p.sessions()).put("mix", p.mix().label()).put("scale", p.scale())
                .put("directories", p.workload().directories()).put("file_set_bytes", files.totalBytes())
                .put("warmup_ms", p.warmupMillis()).put("duration_ms", p.durationMillis()).put("drain_ms", p.drainMillis())
                .put("keep_alive_ms_full_scale", p.keepAliveMillis()).put("keep_alive_ms_applied", p.scaledKeepAliveMillis())
                .put("seed", p.seed()).put("load_factor", p.loadFactor()).put("dts_backend", p.dtsBackend().name().toLowerCase(java.util.Locale.ROOT));
        o.putArray("systems").addAll(p.systems().stream().map(s -> JSON.getNodeFactory().textNode(s.label())).toList());
        NodeModel m = p.model();
        o.putObject("node_model").put("cpu_cores", m.cpuCores()).put("cfs_period_us", m.cfsPeriodMicros())
                .put("read_bytes_per_s", m.readBytesPerSecond()).put("cache_over_file_set", m.cacheOverFileSet())
                .put("cache_bytes_per_node", m.cacheBytes(files.totalBytes(), p.nodes()))
                .put("process_headroom_bytes", m.processHeadroomBytes())
                .put("daemon_jvm_options", String.join(" ", NodeModel.daemonJvmOptions()));
        return o;
    }

    static void putMap(ObjectNode into, String key, Map<String, Long> values) {
        ObjectNode o = into.putObject(key);
        values.forEach(o::put);
    }

    /**
     * What the warm-up's client saw: its requests (a system slow at its start completes fewer, so fewer
     * files are read before the measured phase, which then reads more), page p99 and bytes per second.
     */
    static void putWarmup(ObjectNode into, Measurement w) {
        ObjectNode o = into.putObject("warmup");
        o.put("requests", w.requests()).put("errors", w.errors())
                .put("page_p99_ms", w.pageLatencyMicros().getValueAtPercentile(99) / 1000.0);
        ArrayNode a = o.putArray("bytes_per_second");
        for (long b : w.bytesPerSecond()) a.add(b);
    }

    /**
     * Page response times by where each page was served ({@link PageHop}: on a new connection, by the
     * node of the connection's previous response, by another node): count, p50 and p99 in ms.
     */
    static void putPageHops(ObjectNode into, Measurement m) {
        ObjectNode o = into.putObject("page_latency_by_hop");
        m.pageLatencyByHop().forEach((hop, h) -> o.putObject(hop.jsonName()).put("pages", h.getTotalCount())
                .put("p50_ms", h.getValueAtPercentile(50) / 1000.0).put("p99_ms", h.getValueAtPercentile(99) / 1000.0));
    }

    /** Memory limits, page cache and anonymous memory at the end, and CPU throttling of every cgroup (CPU time is in the results: {@code cpu_ms}). */
    static void putResources(ObjectNode into, NodeCgroups cgroups, List<String> nodes, boolean front) {
        List<String> owners = new java.util.ArrayList<>(nodes);
        if (front) owners.add(dts.testbed.TestbedNames.FRONT_ID);
        ObjectNode limits = into.putObject("memory_limit_bytes");
        for (String o : owners) limits.put(o, cgroups.of(o).memoryLimitBytes());
        putMap(into, "page_cache_bytes_at_end", cgroups.memory("cache"));
        putMap(into, "rss_bytes_at_end", cgroups.memory("rss"));
        putMap(into, "cpu_throttled_periods", cgroups.throttledPeriods());
    }

    static void write(Path file, JsonNode json) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n");
        } catch (IOException e) {
            throw new HarnessException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Copies daemon, nginx and front logs before the testbed's state directory is removed; best effort. */
    static void copyLogs(Testbed tb, Path into) {
        try {
            Files.createDirectories(into);
            for (NodeHandle n : tb.nodes()) {
                copy(n.log(), into.resolve(n.id() + ".log"));
                copy(tb.options().stateDir().resolve(n.id()).resolve("nginx/error.log"), into.resolve(n.id() + "-nginx-error.log"));
            }
            copy(tb.frontLog(), into.resolve("front.log"));
            copy(tb.frontDir().resolve("error.log"), into.resolve("front-nginx-error.log"));
        } catch (IOException e) {
            // logs are a convenience: a failed copy must not hide the run's result or error
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        if (Files.isRegularFile(from) && Files.size(from) > 0) Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
}
