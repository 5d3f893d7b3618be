package dts.node.admin;

import dts.node.NodeStats;
import dts.node.drain.NodeDrain;
import dts.splicer.backend.RelayStats;

import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * The metrics of taking a node out of service, read at scrape time from what {@code /status} shows
 * ({@code state}, {@code connections_left}, {@code responses_cut}, {@code responses_resumed},
 * {@code resumes_failed}): {@code dts_node_state{state}} (1 for the current state, 0 for the others;
 * all 0 while the node starts) and a counter each.
 */
public final class DrainMetrics {
    private DrainMetrics() {}

    /**
     * @param state the node's state ({@link NodeDrain#state}; anything else, e.g. {@code starting}: no state is 1)
     * @param relay the HTTP relay's counters, or null when the node has no relay (embedded backend, starting): 0
     */
    public static NodeMetrics register(NodeMetrics m, NodeStats stats, Supplier<String> state, Supplier<RelayStats> relay) {
        return m.gauge("dts_node_state", "1 for the node's state now (serving, draining, drained), 0 for the others",
                        new String[] {"state"}, cb -> {
                            String now = state.get();
                            for (String s : NodeDrain.STATES) cb.call(s.equals(now) ? 1 : 0, s);
                        })
                .counter("dts_connections_left", "Idle connections moved off this node without a request (a drain or a move)",
                        () -> stats.connectionsLeft.sum())
                .counter("dts_responses_cut", "Responses cut mid-body to move their connection (a drain)",
                        () -> read(relay, RelayStats::responsesCut))
                .counter("dts_responses_resumed", "Responses continued here from the byte another node cut them at",
                        () -> read(relay, RelayStats::responsesResumed))
                .counter("dts_resumes_failed", "Continuations the local web server did not answer with exactly the rest",
                        () -> read(relay, RelayStats::resumesFailed));
    }

    private static double read(Supplier<RelayStats> relay, ToLongFunction<RelayStats> counter) {
        RelayStats r = relay.get();
        return r == null ? 0 : counter.applyAsLong(r);
    }
}
