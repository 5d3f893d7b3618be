package dts.harness.bench;

import dts.config.DtsConfig;
import dts.config.Policy;
import dts.harness.HarnessException;
import dts.harness.client.ProgressMode;
import dts.harness.resources.ResourceLimits;
import dts.harness.result.RunResult;
import dts.harness.testing.SampleResults;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** System names, the resource model's arithmetic, plan validation, the summary table. */
class BenchConfigTest {
    private static final long MIB = 1L << 20;

    @Test void systemListsParseInOrderAndRejectUnknownsAndRepeats() {
        assertEquals(List.of(SystemName.HAPROXY, SystemName.DTS_LOCALITY), SystemName.parseList("haproxy, dts-locality"));
        assertEquals("systems: 'lvs' (expected: one of dts-locality, dts-rr, haproxy, nginx-proxy, direct)",
                assertThrows(HarnessException.class, () -> SystemName.parseList("dts-rr,lvs")).getMessage());
        assertTrue(assertThrows(HarnessException.class, () -> SystemName.parseList("direct,direct")).getMessage().contains("twice"));
    }

    @Test void everyNodeGetsTheSameCacheShareWhateverRunsOnIt() {
        NodeModel m = new NodeModel(0.25, 10_000, 8_000_000, 1.25, 64 * MIB, 1024 * MIB);
        long fileSet = 640 * MIB;
        assertEquals(200 * MIB, m.cacheBytes(fileSet, 4));
        assertEquals((300 + 64 + 200) * MIB, m.nodeMemoryBytes(300 * MIB, fileSet, 4), "a JVM node: footprint + headroom + share");
        assertEquals((5 + 64 + 200) * MIB, m.nodeMemoryBytes(5 * MIB, fileSet, 4), "an nginx node: the same share");
        ResourceLimits start = m.startupLimits();
        assertEquals(10_000, start.cpuQuotaMicros(), "a whole core while the JVMs start");
        ResourceLimits run = m.runLimits(300 * MIB);
        assertEquals(2_500, run.cpuQuotaMicros());
        assertEquals(10_000, run.cfsPeriodMicros());
        assertEquals(8_000_000, run.readBytesPerSecond());
        assertEquals(300 * MIB, run.memoryBytes());
        assertEquals(0, m.frontLimits().readBytesPerSecond());
        assertEquals(0.25, m.frontLimits().cpuCores());
        assertTrue(fileSet > 3 * m.cacheBytes(fileSet, 4) && fileSet < 4 * m.cacheBytes(fileSet, 4),
                "file set several times one node's cache and smaller than the cluster's");
    }

    @Test void planValidationNamesTheField() {
        assertEquals("sessions: 0 (expected: >= 1)", assertThrows(HarnessException.class, () -> plan(0, 0.1)).getMessage());
        assertEquals("scale: 1.5 (expected: > 0.0 and <= 1.0)", assertThrows(HarnessException.class, () -> plan(10, 1.5)).getMessage());
        assertEquals(500, plan(10, 0.1).scaledKeepAliveMillis());
        assertEquals(25, plan(100, 0.1).workload().directories());
    }

    @Test void summaryTableHasOneRowPerSystem() {
        String t = SummaryTable.render(SampleResults.fiveSystems());
        List<String> lines = t.lines().toList();
        assertEquals(6, lines.size(), t);
        assertTrue(lines.get(0).startsWith("system") && lines.get(0).contains("qos_failed/downl") && lines.get(0).contains("p99_ms"), t);
        assertTrue(lines.get(1).startsWith("dts-locality") && lines.get(5).startsWith("direct"), t);
        // CPU per request: every cgroup's milliseconds over the requests (4 nodes × 10,000 ms for dts-locality)
        assertTrue(lines.get(0).endsWith("cpu_ms/req"), t);
        RunResult first = SampleResults.fiveSystems().getFirst();
        assertEquals(String.format(java.util.Locale.ROOT, "%.3f", 40_000.0 / first.requests()), lines.get(1).trim().replaceAll(".* ", ""), t);
        assertTrue(Double.isNaN(RunResult.of("direct", SampleResults.measurement(0)).cpuMillisPerRequest()));
    }

    @Test void policyFilesParseAsConfig() {
        for (SystemName s : List.of(SystemName.DTS_LOCALITY, SystemName.DTS_RR)) {
            String text = "cluster: { vip: 198.18.0.10, port: 80 }\nnodes:\n  - { id: node1, address: 198.18.1.1, backend: \"http://127.0.0.1:8080\" }\n"
                    + DtsPolicy.yaml(s);
            DtsConfig c = DtsConfig.parse(text, s.label());
            assertEquals(s == SystemName.DTS_RR ? Policy.ROUND_ROBIN : Policy.LOCALITY, c.pools().get("all").policy(), text);
        }
        assertThrows(HarnessException.class, () -> DtsPolicy.yaml(SystemName.HAPROXY));
    }

    private static SpecwebPlan plan(int sessions, double scale) {
        return SpecwebPlan.builder(Path.of("/var/tmp/w"), Path.of("/var/tmp/o")).sessions(sessions).scale(scale)
                .systems(List.of(SystemName.DIRECT)).progress(ProgressMode.NEVER).build();
    }
}
