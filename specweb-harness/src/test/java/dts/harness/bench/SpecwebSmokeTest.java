package dts.harness.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dts.harness.client.ProgressMode;
import dts.harness.result.ResultsFile;
import dts.harness.result.RunResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The harness end to end on a 2-node testbed with a tiny file set: DTS (daemons, nginx, cgroups) and
 * HAProxy (front namespace), then the results JSON is checked for completeness and consistency.
 * Needs root, nginx, haproxy and cgroup v1 (as ./dts test provides); about 40 s.
 */
class SpecwebSmokeTest {
    private static final List<String> ISSUE_KEYS = List.of("system", "sessions", "requests", "downloads", "downloads_qos_failed",
            "pages_qos_good_pct", "throughput_mbps", "latency_ms", "disk_read_bytes", "errors");
    private Path work;

    @AfterEach void cleanUp() throws Exception {
        if (work != null) FileSetStore.deleteTree(work);
    }

    @Test void twoSystemsOnTwoNodesGiveCompleteConsistentResults() throws Exception {
        work = Files.createTempDirectory(Path.of("/var/tmp"), "dts-smoke"); // on a disk: blkio needs a block device
        Path out = work.resolve("out");
        SpecwebPlan plan = SpecwebPlan.builder(work, out).nodes(2).sessions(24).warmupMillis(2_000).durationMillis(8_000)
                .drainMillis(5_000).scale(0.02).systems(List.of(SystemName.DTS_LOCALITY, SystemName.HAPROXY)).seed(7)
                .model(NodeModel.defaults().withCpuCores(0.5)).progress(ProgressMode.NEVER).build();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        SpecwebBench.Outcome o = SpecwebBench.run(plan, new PrintStream(log, true));

        List<RunResult> runs = ResultsFile.read(o.resultsJson());
        assertEquals(List.of("dts-locality", "haproxy"), runs.stream().map(RunResult::system).toList(), log.toString());
        JsonNode json = new ObjectMapper().readTree(o.resultsJson().toFile());
        for (JsonNode run : json.get("runs")) {
            for (String key : ISSUE_KEYS) assertTrue(run.has(key), "missing " + key + " in " + run);
            assertTrue(run.get("latency_ms").has("p50") && run.get("latency_ms").has("p99"), run.toString());
        }
        for (RunResult r : runs) {
            String s = r.system();
            assertEquals(24, r.sessions(), s);
            assertTrue(r.pages() > 50 && r.downloads() > 0, s + ": pages " + r.pages() + ", downloads " + r.downloads());
            assertEquals(r.pages() + r.downloads(), r.requests(), s + ": requests = pages + downloads");
            assertTrue(r.downloadsQosTolerable() <= r.downloadsQosFailed() && r.downloadsQosFailed() <= r.downloads(), s);
            assertEquals(r.errorsByKind().values().stream().mapToLong(Long::longValue).sum(), r.errors(), s + ": errors by kind");
            assertEquals(0, r.errors(), s + ": errors " + r.errorsByKind());
            assertEquals(Set.of("node1", "node2"), r.diskReadBytes().keySet(), s);
            assertTrue(r.totalDiskReadBytes() > 0, s + ": a cold cache must read from disk");
            assertTrue(r.latencyMs().p50() <= r.latencyMs().p99() && r.latencyMs().p99() <= r.latencyMs().max(), s + ": " + r.latencyMs());
            double seriesBytes = r.throughputSeriesMbps().stream().mapToDouble(Double::doubleValue).sum() * 1e6 / 8;
            assertEquals(r.bodyBytes(), seriesBytes, r.bodyBytes() * 0.01 + 1_000, s + ": throughput series adds up to the body bytes");
            assertEquals(r.bodyBytes() * 8 / r.durationSeconds() / 1e6, r.throughputMbps(), 0.01, s + ": throughput");
        }
        JsonNode status = new ObjectMapper().readTree(out.resolve("dts-locality/evidence.json").toFile()).get("node_status");
        long inspected = NodeStatus.sum(status, "connections_inspected");
        assertTrue(inspected > 0, "DTS inspected connections: " + status);
        assertEquals(NodeStatus.sum(status, "handoffs_out"), NodeStatus.sum(status, "handoffs_in"), "every hand-off arrived: " + status);
        assertTrue(Files.size(o.reportHtml()) > 0 && Files.exists(out.resolve("qos_failed_downloads.png")));
    }
}
