package dts.node.health;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rise and fall: transitions exactly at the thresholds, only for results in a row. */
class HealthStateTest {
    private static final String ERR = "status 503";
    private final HealthState s = new HealthState(2, 3, 0);

    @Test
    void startsUpAndFallsOnTheThirdFailureInARow() {
        assertTrue(s.up());
        assertFalse(s.record(ERR, 1));
        assertFalse(s.record(ERR, 2));
        assertTrue(s.up(), "two failures of three");
        assertTrue(s.record(ERR, 3_000_000));
        assertFalse(s.up());
        assertFalse(s.record(ERR, 4), "already down");
    }

    @Test
    void aGoodCheckBetweenFailuresStartsTheCountAgain() {
        s.record(ERR, 1);
        s.record(ERR, 2);
        s.record(null, 3);
        s.record(ERR, 4);
        s.record(ERR, 5);
        assertTrue(s.up());
        s.record(ERR, 6);
        assertFalse(s.up());
    }

    @Test
    void risesOnTheSecondGoodCheckInARow() {
        for (int i = 0; i < 3; i++) s.record(ERR, i);
        assertFalse(s.record(null, 10));
        assertFalse(s.up());
        assertFalse(s.record(ERR, 11), "a failure breaks the rise");
        assertFalse(s.record(null, 12));
        assertFalse(s.up());
        assertTrue(s.record(null, 13));
        assertTrue(s.up());
    }

    @Test
    void snapshotCountsChecksFailuresAndTheLastChange() {
        for (int i = 0; i < 3; i++) s.record("timeout after 500 ms", 1_000_000);
        s.record(null, 2_000_000);
        assertEquals(Map.of("state", "down", "checks", 4L, "failures", 3L, "last_change_ms_ago", 9L,
                "last_error", "timeout after 500 ms"), s.snapshot(10_000_000));
    }

    @Test
    void riseAndFallOfOneFollowEachResult() {
        HealthState one = new HealthState(1, 1, 0);
        assertTrue(one.record(ERR, 1));
        assertTrue(one.record(null, 2));
        assertTrue(one.up());
        assertThrows(IllegalArgumentException.class, () -> new HealthState(0, 1, 0));
    }
}
