package dts.harness.result;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dts.harness.HarnessException;
import dts.harness.client.Measurement;
import dts.harness.testing.SampleResults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResultsFileTest {
    @TempDir
    Path tmp;

    @Test
    void writeThenReadGivesEqualResults() {
        List<RunResult> runs = SampleResults.fiveSystems();
        Path file = tmp.resolve("out/results.json");
        ResultsFile.write(file, runs);
        assertEquals(runs, ResultsFile.read(file));
    }

    @Test
    void jsonHasTheIssueShape() throws Exception {
        JsonNode run = new ObjectMapper().readTree(ResultsFile.toJson(SampleResults.fiveSystems())).get("runs").get(0);
        for (String key : List.of("system", "sessions", "requests", "downloads", "downloads_qos_failed", "pages_qos_good_pct",
                "throughput_mbps", "latency_ms", "disk_read_bytes", "cpu_ms", "errors")) {
            assertTrue(run.has(key), key);
        }
        assertEquals("dts-locality", run.get("system").asText());
        assertTrue(run.get("latency_ms").has("p50") && run.get("latency_ms").has("p99"));
        assertTrue(run.get("disk_read_bytes").has("node1"));
        assertEquals(10_000, run.get("cpu_ms").get("node1").asLong());
        assertEquals(run.get("pages").asLong() + run.get("downloads").asLong(), run.get("requests").asLong());
    }

    @Test
    void derivedFiguresAreComputedFromTheMeasurement() {
        Measurement m = SampleResults.measurement(0);
        RunResult r = RunResult.of("direct", m);
        assertEquals(20_000, r.requests());
        assertEquals(60, r.downloadsQosFailed());
        assertEquals(20, r.downloadsQosTolerable());
        assertEquals(100.0 * 18_000 / 18_650, r.pagesQosGoodPct(), 1e-3);
        assertEquals(m.bodyBytes() * 8 / 60.0 / 1e6, r.throughputMbps(), 1e-3);
        assertEquals(60, r.throughputSeriesMbps().size());
        assertTrue(r.latencyMs().p50() < r.latencyMs().p99());
        assertEquals(1.0, r.latencyCdf().getLast().fraction(), 1e-9);
        assertEquals(Map.of("reset", 0L), r.errorsByKind());
    }

    @Test
    void readsAMinimalHandWrittenFileAndRejectsGarbage() {
        List<RunResult> runs = ResultsFile.fromJson("""
                {"runs":[{"system":"dts-locality","sessions":10,"requests":5,"downloads":1,"downloads_qos_failed":0,
                "pages_qos_good_pct":100.0,"throughput_mbps":1.5,"latency_ms":{"p50":1.0,"p99":2.0},
                "disk_read_bytes":{"node1":42},"errors":0}]}""");
        assertEquals(42L, runs.getFirst().diskReadBytes().get("node1"));
        assertEquals(42L, runs.getFirst().totalDiskReadBytes());
        assertThrows(HarnessException.class, () -> ResultsFile.fromJson("{\"runs\": 3"));
    }
}
