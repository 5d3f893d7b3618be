package dts.inspector.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Moving averages of loads: noise is smoothed, a lasting change shows within a few time constants. */
class SteadyLoadsTest {
    private final Map<String, Integer> now = new HashMap<>();
    private final SteadyLoads loads = new SteadyLoads(id -> now.getOrDefault(id, 0), 500);

    @Test
    void beforeAnySampleTheSteadyLoadIsTheLoadNow() {
        now.put("a", 7);
        assertEquals(7, loads.steadyLoad("a"));
        LoadView plain = id -> 3;
        assertEquals(3, plain.steadyLoad("a"), "a plain view's steady load is its load");
    }

    @Test
    void noiseIsSmoothedAndALastingChangeShows() {
        long t = 0;
        now.put("a", 20);
        loads.sample(Set.of("a"), t);
        for (int i = 0; i < 100; i++) { // 5 s of samples every 50 ms, jumping 0 / 40 around 20
            now.put("a", i % 2 == 0 ? 0 : 40);
            loads.sample(Set.of("a"), t += 50_000_000L);
        }
        int steady = loads.steadyLoad("a");
        assertTrue(steady >= 17 && steady <= 23, "noise around 20: " + steady);
        assertEquals(40, loads.load("a"), "the load now is still the sample");
        now.put("a", 80);
        for (int i = 0; i < 60; i++) loads.sample(Set.of("a"), t += 50_000_000L); // 3 s = 6 time constants
        assertTrue(loads.steadyLoad("a") >= 78, "a lasting change shows: " + loads.steadyLoad("a"));
    }

    @Test
    void nodesThatLeaveAreForgotten() {
        now.put("a", 5);
        now.put("b", 9);
        loads.sample(Set.of("a", "b"), 0);
        now.put("b", 30);
        loads.sample(Set.of("a"), 50_000_000L);
        assertEquals(30, loads.steadyLoad("b"), "no average kept for a node gone: its load now");
    }

    @Test
    void aTimeConstantMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new SteadyLoads(LoadView.idle(), 0));
    }
}
