package dts.node;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Requests by pool: known pools shown at 0, no pool as _none, the label set bounded. */
class RequestsByPoolTest {
    @Test void knownPoolsStartAtZeroAndARequestWithoutPoolIsNone() {
        RequestsByPool r = new RequestsByPool();
        r.known(List.of("all", "api"));
        r.count("api");
        r.count("api");
        r.count(null);
        assertEquals(Map.of("_none", 1L, "all", 0L, "api", 2L), r.snapshot());
        assertEquals(2, r.of("api"));
        assertEquals(0, r.of("never"));
    }

    @Test void poolsPastTheBoundCountAsOther() {
        RequestsByPool r = new RequestsByPool();
        for (int i = 0; i < RequestsByPool.MAX_POOLS + 10; i++) r.count("p" + i);
        Map<String, Long> s = r.snapshot();
        assertEquals(RequestsByPool.MAX_POOLS + 1, s.size(), "the bound, and _other");
        long total = s.values().stream().mapToLong(Long::longValue).sum();
        assertEquals(RequestsByPool.MAX_POOLS + 10, total, "every request counted");
        assertEquals(true, s.get(RequestsByPool.OTHER_POOLS) > 0);
    }
}
