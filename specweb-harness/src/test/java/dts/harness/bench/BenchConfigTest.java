package dts.harness.bench;

import dts.harness.HarnessException;
import dts.harness.client.ProgressMode;
import dts.harness.resources.ResourceLimits;
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
        NodeModel m = new NodeModel(0.25, 10_000, 16_000_000, 1.25, 320 * MIB, 48 * MIB);
        long fileSet = 640 * MIB;
        assertEquals(200 * MIB, m.cacheBytes(fileSet, 4));
        ResourceLimits dts = m.nodeLimits(fileSet, 4, true);
        ResourceLimits nginxOnly = m.nodeLimits(fileSet, 4, false);
        assertEquals((200 + 320 + 48) * MIB, dts.memoryBytes());
        assertEquals((200 + 48) * MIB, nginxOnly.memoryBytes());
        assertEquals(2_500, dts.cpuQuotaMicros());
        assertEquals(16_000_000, nginxOnly.readBytesPerSecond());
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
    }

    @Test void policyFilesParseAsConfig() {
        assertTrue(SystemRunner.policyYaml(SystemName.DTS_RR).contains("round-robin"));
        assertTrue(SystemRunner.policyYaml(SystemName.DTS_LOCALITY).contains("locality"));
        assertThrows(HarnessException.class, () -> SystemRunner.policyYaml(SystemName.HAPROXY));
    }

    private static SpecwebPlan plan(int sessions, double scale) {
        return new SpecwebPlan(4, sessions, 0, 10_000, 5_000, scale, 5_000, List.of(SystemName.DIRECT), 1, NodeModel.defaults(),
                Path.of("/var/tmp/w"), Path.of("/var/tmp/o"), ProgressMode.NEVER);
    }
}
