package dts.harness.bench.scaling;

import dts.harness.HarnessException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** wrk's report, as printed by wrk 4.1 (Debian), parsed. */
class WrkRunTest {
    private static final String OUT = """
            Running 15s test @ http://198.18.0.10:80/files/1KiB.bin
              2 threads and 128 connections
              Thread Stats   Avg      Stdev     Max   +/- Stdev
                Latency    40.12ms   30.01ms 401.00ms   80.00%
                Req/Sec     1.60k   200.00     2.10k    70.00%
              48123 requests in 15.02s, 60.10MB read
              Socket errors: connect 0, read 3, write 0, timeout 2
              Non-2xx or 3xx responses: 4
            Requests/sec:   3204.00
            Transfer/sec:      4.00MB
            """;

    @Test void parsesRateRequestsAndErrors() {
        WrkRun r = WrkRun.parse(OUT);
        assertEquals(3204.0, r.requestsPerSecond());
        assertEquals(48123, r.requests());
        assertEquals(5, r.socketErrors());
        assertEquals(4, r.non2xx());
    }

    @Test void cleanRunHasNoErrors() {
        WrkRun r = WrkRun.parse(OUT.replace("  Socket errors: connect 0, read 3, write 0, timeout 2\n", "").replace("  Non-2xx or 3xx responses: 4\n", ""));
        assertEquals(0, r.socketErrors() + r.non2xx());
    }

    @Test void garbageIsAnError() {
        assertThrows(HarnessException.class, () -> WrkRun.parse("unable to connect to 198.18.0.10:80 Connection refused"));
    }

    @Test void ratioAndRounding() {
        ScalingPoint p = ScalingPoint.of(8, new ScalingPoint.Measured(500.04, 0.41, 0), new ScalingPoint.Measured(2600.06, 0.9, 1));
        assertEquals(5.2, p.ratio());
        assertEquals(500.0, p.oneInspectorCps());
        assertEquals(2600.1, p.allInspectCps());
    }
}
