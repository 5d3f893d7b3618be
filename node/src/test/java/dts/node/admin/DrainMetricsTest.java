package dts.node.admin;

import dts.node.NodeStats;
import dts.splicer.backend.RelayStats;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The node state gauge is 1 for the state status shows and 0 for the others; the drain counters as status reads them. */
class DrainMetricsTest {
    private final NodeStats stats = new NodeStats();
    private final AtomicReference<String> state = new AtomicReference<>("starting");
    private final AtomicReference<RelayStats> relay = new AtomicReference<>();
    private final NodeMetrics metrics = DrainMetrics.register(NodeMetrics.create(), stats, state::get, relay::get);

    private double state(String s) { return Exposition.sample(metrics.scrape(), "dts_node_state{state=\"" + s + "\"}"); }

    @Test void theCurrentStateIsOneTheOthersZero() {
        assertEquals(0, state("serving") + state("draining") + state("drained"), "starting: none");
        for (String now : new String[] {"serving", "draining", "drained"}) {
            state.set(now);
            for (String s : new String[] {"serving", "draining", "drained"}) assertEquals(s.equals(now) ? 1 : 0, state(s), now + ": " + s);
        }
        assertTrue(metrics.scrape().contains("# TYPE dts_node_state gauge"));
    }

    @Test void drainCountersEqualStatus() {
        stats.connectionsLeft.add(7);
        String m = metrics.scrape();
        assertEquals(((Number) stats.snapshot().get("connections_left")).doubleValue(), Exposition.sample(m, "dts_connections_left_total"));
        assertEquals(0, Exposition.sample(m, "dts_responses_cut_total"), "no relay: 0");
        relay.set(new RelayStats()); // its counters move only inside the relay: equal to what status reads
        m = metrics.scrape();
        RelayStats r = relay.get();
        assertEquals(r.responsesCut(), Exposition.sample(m, "dts_responses_cut_total"));
        assertEquals(r.responsesResumed(), Exposition.sample(m, "dts_responses_resumed_total"));
        assertEquals(r.resumesFailed(), Exposition.sample(m, "dts_resumes_failed_total"));
    }
}
