package dts.node;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Counters of one node, each outcome of the data path a counter. Thread-safe. */
public final class NodeStats {
    public final LongAdder connectionsInspected = new LongAdder();
    public final LongAdder handoffsOut = new LongAdder();
    public final LongAdder handoffsIn = new LongAdder();
    public final LongAdder servedLocal = new LongAdder();
    public final LongAdder handoffFallbacks = new LongAdder();
    public final LongAdder badRequests = new LongAdder();
    public final LongAdder headTimeouts = new LongAdder();
    public final LongAdder headsTooLarge = new LongAdder();
    public final LongAdder noLiveNode = new LongAdder();
    public final LongAdder restoreFailures = new LongAdder();
    public final LongAdder handoffsAbortedByTarget = new LongAdder();
    /** Hand-offs the source took back after COMMIT (the target refused it or never answered). */
    public final LongAdder commitsRefused = new LongAdder();
    /** Connections lost because a frozen socket could not be resumed (a kernel error). */
    public final LongAdder handoffsLost = new LongAdder();
    /** Keep-alive connections handed off again because a later request belongs elsewhere. */
    public final LongAdder rehandoffs = new LongAdder();
    /** Control frames refused (forged, replayed, truncated, oversized, unexpected), by reason. */
    public final dts.node.handoff.FrameRejects frameRejects = new dts.node.handoff.FrameRejects();
    private final Map<ConnectionState, LongAdder> active = new EnumMap<>(ConnectionState.class);
    private final Histogram handoffLatencyMicros = new ConcurrentHistogram(60_000_000L, 3);
    private final Histogram readyLatencyMicros = new ConcurrentHistogram(60_000_000L, 3);

    public NodeStats() {
        for (ConnectionState s : ConnectionState.values()) active.put(s, new LongAdder());
    }

    /** Moves one connection from state {@code from} (null when new) to {@code to} (null when gone). */
    public void transition(ConnectionState from, ConnectionState to) {
        if (from != null) active.get(from).decrement();
        if (to != null) active.get(to).increment();
    }

    /** Connections this node holds now (inspecting, handing off or serving). */
    public long activeConnections() {
        return active.get(ConnectionState.INSPECTING).sum() + active.get(ConnectionState.HANDING_OFF).sum()
                + active.get(ConnectionState.SERVING).sum() + active.get(ConnectionState.FALLBACK).sum();
    }

    /** Decision → READY: the target holds the restored socket (before COMMIT and LIVE). */
    public void recordReadyMicros(long micros) {
        readyLatencyMicros.recordValue(Math.max(0, Math.min(micros, 60_000_000L)));
    }

    private volatile java.util.function.LongConsumer handoffObserver = m -> { };

    /** Also hands every hand-off duration to {@code observer} (the Prometheus histogram). */
    public void observeHandoffs(java.util.function.LongConsumer observer) { this.handoffObserver = observer; }

    public void recordHandoffMicros(long micros) {
        handoffObserver.accept(micros);
        handoffLatencyMicros.recordValue(Math.max(0, Math.min(micros, 60_000_000L)));
    }

    /** Snapshot for the status endpoint (snake_case keys). */
    public Map<String, Object> snapshot() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("connections_inspected", connectionsInspected.sum());
        m.put("handoffs_out", handoffsOut.sum());
        m.put("handoffs_in", handoffsIn.sum());
        m.put("served_local", servedLocal.sum());
        m.put("handoff_fallbacks", handoffFallbacks.sum());
        m.put("bad_requests", badRequests.sum());
        m.put("head_timeouts", headTimeouts.sum());
        m.put("heads_too_large", headsTooLarge.sum());
        m.put("no_live_node", noLiveNode.sum());
        m.put("restore_failures", restoreFailures.sum());
        m.put("rehandoffs", rehandoffs.sum());
        m.put("handoffs_aborted_by_target", handoffsAbortedByTarget.sum());
        m.put("commits_refused", commitsRefused.sum());
        m.put("handoffs_lost", handoffsLost.sum());
        m.put("control_frames_rejected", frameRejects.snapshot());
        m.put("active_connections", activeConnections());
        Map<String, Object> states = new LinkedHashMap<>();
        active.forEach((s, n) -> states.put(s.name().toLowerCase(), n.sum()));
        m.put("connection_states", states);
        Map<String, Object> lat = new LinkedHashMap<>();
        Histogram h = handoffLatencyMicros.copy();
        lat.put("count", h.getTotalCount());
        lat.put("p50", h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(50));
        lat.put("p99", h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(99));
        lat.put("max", h.getTotalCount() == 0 ? 0 : h.getMaxValue());
        m.put("handoff_latency_us", lat);
        Histogram r = readyLatencyMicros.copy();
        Map<String, Object> ready = new LinkedHashMap<>();
        ready.put("p50", r.getTotalCount() == 0 ? 0 : r.getValueAtPercentile(50));
        ready.put("p99", r.getTotalCount() == 0 ? 0 : r.getValueAtPercentile(99));
        m.put("handoff_ready_us", ready);
        return m;
    }

    public void resetHandoffLatency() { handoffLatencyMicros.reset(); }
}
