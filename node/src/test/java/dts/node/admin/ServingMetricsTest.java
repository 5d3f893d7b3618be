package dts.node.admin;

import dts.node.NodeStats;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The serving metrics agree with the status map they are read from, sample by sample. */
class ServingMetricsTest {
    private final NodeStats stats = new NodeStats();
    private final NodeMetrics metrics = ServingMetrics.register(NodeMetrics.create(), stats);

    @Test void responsesByClassRequestsByPoolAndRehandoffsByReasonEqualStatus() {
        stats.requestsByPool.known(List.of("all", "api"));
        for (int s : new int[] {200, 200, 206, 304, 404, 502, 101, 100, 600}) stats.responses.count(s);
        stats.requestsByPool.count("api");
        stats.requestsByPool.count("api");
        stats.requestsByPool.count("all");
        stats.requestsByPool.count(null);
        stats.rehandoffs.add(3);
        stats.rehandoffsForPool.add(1);
        stats.rehandoffsForPlacement.add(2);

        String m = metrics.scrape();
        Map<String, Object> status = stats.snapshot();
        @SuppressWarnings("unchecked")
        Map<String, Long> byClass = (Map<String, Long>) status.get("responses_by_class");
        assertEquals(Map.of("1xx", 1L, "2xx", 3L, "3xx", 1L, "4xx", 1L, "5xx", 1L, "other", 1L), byClass);
        byClass.forEach((code, n) -> assertEquals(n.doubleValue(),
                Exposition.sample(m, "dts_http_responses_total{code=\"" + code + "\"}"), code));
        @SuppressWarnings("unchecked")
        Map<String, Long> byPool = (Map<String, Long>) status.get("requests_by_pool");
        assertEquals(Map.of("_none", 1L, "all", 1L, "api", 2L), byPool);
        byPool.forEach((pool, n) -> assertEquals(n.doubleValue(), Exposition.sample(m, "dts_requests_total{pool=\"" + pool + "\"}"), pool));
        @SuppressWarnings("unchecked")
        Map<String, Long> byReason = (Map<String, Long>) status.get("rehandoffs_by_reason");
        byReason.forEach((reason, n) -> assertEquals(n.doubleValue(),
                Exposition.sample(m, "dts_rehandoffs_total{reason=\"" + reason + "\"}"), reason));
        assertEquals(((Number) status.get("rehandoffs")).doubleValue(),
                Exposition.sample(m, "dts_rehandoffs_total{reason=\"pool\"}") + Exposition.sample(m, "dts_rehandoffs_total{reason=\"placement\"}"),
                "the reasons add up to the total");
        assertTrue(m.contains("# TYPE dts_http_responses_total counter"), m);
        assertTrue(m.contains("# TYPE dts_requests_total counter"), m);
        assertTrue(m.contains("# TYPE dts_rehandoffs_total counter"), m);
    }
}
