package dts.node;

import dts.node.conn.ConnectionState;

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
    /** Hand-offs unanswered by their deadline (then fenced by a heartbeat before any take-back). */
    public final LongAdder handoffsOverdue = new LongAdder();
    /** Overdue hand-offs whose target went live after all: each a second live copy, had the source taken it back on time. */
    public final LongAdder overdueLives = new LongAdder();
    /** Connections lost because a frozen socket could not be resumed (a kernel error). */
    public final LongAdder handoffsLost = new LongAdder();
    /** Keep-alive connections handed off again because a later request belongs elsewhere. */
    public final LongAdder rehandoffs = new LongAdder();
    /** ... because the later request's rule names a pool this node is not in. */
    public final LongAdder rehandoffsForPool = new LongAdder();
    /** ... because the pool's policy placed it on another node of the pool (e.g. its locality home). */
    public final LongAdder rehandoffsForPlacement = new LongAdder();
    /** Idle connections moved off this node without a request (a drain or a move). */
    public final LongAdder connectionsLeft = new LongAdder();
    /** HTTP responses this node wrote (its own error answers included), by status class. */
    public final ResponseClasses responses = new ResponseClasses();
    /** Requests this node answered, by the pool that placed them. */
    public final RequestsByPool requestsByPool = new RequestsByPool();

    /** Restores that found the flow's old socket waiting out its grace here and closed it early. */
    public final LongAdder restoresAfterExhume = new LongAdder();
    /** PREPAREs for a connection this node handed to the same peer whose LIVE had not come yet (settled by it). */
    public final LongAdder returnsBeforeLive = new LongAdder();
    /** Restore attempts that found the 4-tuple taken here (EADDRINUSE / EADDRNOTAVAIL) and were retried. */
    public final LongAdder restoreRetriesInUse = new LongAdder();
    public final LongAdder restoreRetriesNotAvailable = new LongAdder();
    /** Connections served here while this node's web server was down (placed here before peers heard, or a fallback). */
    public final LongAdder servedWhileBackendDown = new LongAdder();
    private final Histogram restoreWaitMicros = new ConcurrentHistogram(60_000_000L, 2);
    private final Histogram drainWaitMicros = new ConcurrentHistogram(60_000_000L, 2);
    /** Connection state changes that the state table does not expect (a bug if ever non-zero). */
    public final LongAdder illegalTransitions = new LongAdder();
    /** Control frames refused (forged, replayed, truncated, oversized, unexpected), by reason. */
    public final dts.node.handoff.FrameRejects frameRejects = new dts.node.handoff.FrameRejects();
    private final Map<ConnectionState, LongAdder> active = new EnumMap<>(ConnectionState.class);
    private final Histogram handoffLatencyMicros = new ConcurrentHistogram(60_000_000L, 3);
    private final Histogram readyLatencyMicros = new ConcurrentHistogram(60_000_000L, 3);
    private final Histogram liveAtTargetMicros = new ConcurrentHistogram(60_000_000L, 3);
    private final Histogram moveFreezeMicros = new ConcurrentHistogram(60_000_000L, 3);

    public NodeStats() {
        for (ConnectionState s : ConnectionState.values()) active.put(s, new LongAdder());
    }

    /** Moves one connection from state {@code from} (null when new) to {@code to}. */
    public void transition(ConnectionState from, ConnectionState to) {
        if (from != null) active.get(from).decrement();
        active.get(to).increment();
    }

    /** Connections this node holds now (every state but rejected, moved and closed). */
    public long activeConnections() {
        long n = 0;
        for (ConnectionState s : ConnectionState.values()) if (s.holds()) n += active.get(s).sum();
        return n;
    }

    /** Decision → READY: the target holds the restored socket (before COMMIT and LIVE). */
    public void recordReadyMicros(long micros) {
        readyLatencyMicros.recordValue(Math.max(0, Math.min(micros, 60_000_000L)));
    }

    private volatile java.util.function.LongConsumer handoffObserver = m -> { };

    /** Also hands every hand-off duration to {@code observer} (the Prometheus histogram). */
    public void observeHandoffs(java.util.function.LongConsumer observer) { this.handoffObserver = observer; }

    /** Decision → the source starts the move (earlier responses taken by the client). */
    public void recordDrainWaitMicros(long micros) {
        drainWaitMicros.recordValue(Math.max(0, Math.min(micros, 60_000_000L)));
    }

    /** PREPARE received → socket restored (retries for a taken 4-tuple included). */
    public void recordRestoreWaitMicros(long micros) {
        restoreWaitMicros.recordValue(Math.max(0, Math.min(micros, 60_000_000L)));
    }

    /**
     * Dump → LIVE of a live move (drain, move, stop): how long the connection was frozen at most (the
     * target's socket went live just before its LIVE was sent).
     */
    public void recordMoveFreezeMicros(long micros) {
        moveFreezeMicros.recordValue(Math.max(0, Math.min(micros, 60_000_000L)));
    }

    /**
     * A one-trip hand-off, at its target: from the source's decision (in this node's clock, as the
     * source knew it: exact on one host) until the restored socket is live and served here.
     */
    public void recordLiveAtTargetMicros(long micros) {
        liveAtTargetMicros.recordValue(Math.max(0, Math.min(micros, 60_000_000L)));
    }

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
        m.put("served_while_backend_down", servedWhileBackendDown.sum());
        m.put("handoff_fallbacks", handoffFallbacks.sum());
        m.put("bad_requests", badRequests.sum());
        m.put("head_timeouts", headTimeouts.sum());
        m.put("heads_too_large", headsTooLarge.sum());
        m.put("no_live_node", noLiveNode.sum());
        m.put("restore_failures", restoreFailures.sum());
        m.put("rehandoffs", rehandoffs.sum());
        m.put("rehandoffs_by_reason", Map.of("pool", rehandoffsForPool.sum(), "placement", rehandoffsForPlacement.sum()));
        m.put("connections_left", connectionsLeft.sum());
        m.put("responses_by_class", responses.snapshot());
        m.put("requests_by_pool", requestsByPool.snapshot());

        m.put("illegal_transitions", illegalTransitions.sum());
        m.put("restores_after_exhume", restoresAfterExhume.sum());
        m.put("returns_before_live", returnsBeforeLive.sum());
        m.put("drain_wait_us", percentiles(drainWaitMicros));
        Map<String, Object> restores = percentiles(restoreWaitMicros);
        restores.put("retries_eaddrinuse", restoreRetriesInUse.sum());
        restores.put("retries_eaddrnotavail", restoreRetriesNotAvailable.sum());
        m.put("restore_us", restores);
        m.put("handoffs_aborted_by_target", handoffsAbortedByTarget.sum());
        m.put("commits_refused", commitsRefused.sum());
        m.put("handoffs_overdue", handoffsOverdue.sum());
        m.put("overdue_lives", overdueLives.sum());
        m.put("handoffs_lost", handoffsLost.sum());
        m.put("control_frames_rejected", frameRejects.snapshot());
        m.put("active_connections", activeConnections());
        Map<String, Object> states = new LinkedHashMap<>();
        active.forEach((s, n) -> {
            if (s.holds() || s == ConnectionState.REJECTED) states.put(s.name().toLowerCase(), n.sum());
        });
        m.put("connection_states", states);
        m.put("handoff_latency_us", percentiles(handoffLatencyMicros));
        m.put("move_freeze_us", percentiles(moveFreezeMicros));
        m.put("handoff_ready_us", percentiles(readyLatencyMicros));
        m.put("handoff_live_at_target_us", percentiles(liveAtTargetMicros));
        return m;
    }

    /** A status entry of one histogram: count, p50, p99 and max (all 0 while it is empty). */
    private static Map<String, Object> percentiles(Histogram live) {
        Histogram h = live.copy();
        boolean empty = h.getTotalCount() == 0;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", h.getTotalCount());
        m.put("p50", empty ? 0 : h.getValueAtPercentile(50));
        m.put("p99", empty ? 0 : h.getValueAtPercentile(99));
        m.put("max", empty ? 0 : h.getMaxValue());
        return m;
    }

    public void resetHandoffLatency() {
        handoffLatencyMicros.reset();
        liveAtTargetMicros.reset();
    }
}
