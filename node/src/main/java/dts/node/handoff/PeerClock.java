package dts.node.handoff;

/**
 * What this node knows of a peer's monotonic clock, from its heartbeats: a PING leaves at {@code t0}
 * (our clock), the peer stamps its PONG with {@code t1} (its clock), the PONG arrives at {@code t2}.
 * Then the peer's clock reads ours plus {@code offset = t1 - (t0 + t2) / 2}, give or take half the
 * round trip; the error bound grows with the sample's age (clocks drift, {@link #DRIFT_PER_MILLION}).
 * A tighter sample replaces a looser one. The one-trip hand-off relies on it: a target goes live only
 * before a deadline that the source set in the target's clock, early by the whole error bound, so the
 * source knows when it may take the connection back ({@link #deadlineAtPeer}). Thread-safe.
 */
final class PeerClock {
    /** Drift allowed between two monotonic clocks: 1,000 ppm, far above any crystal's. */
    static final long DRIFT_PER_MILLION = 1_000;
    /** Samples from a round trip slower than this say too little to be used. */
    static final long MAX_ROUND_TRIP_NANOS = 20_000_000L;

    private record Sample(long offsetNanos, long errorNanos, long atNanos) {
        long errorAt(long now) { return errorNanos + Math.max(0, now - atNanos) / 1_000_000 * DRIFT_PER_MILLION; }
    }

    private volatile Sample best;

    /** Takes one PING/PONG exchange; false when it was unusable (out of order, too slow). */
    boolean record(long t0, long t1, long t2) {
        long rtt = t2 - t0;
        if (rtt < 0 || rtt > MAX_ROUND_TRIP_NANOS) return false;
        Sample s = new Sample(t1 - (t0 + rtt / 2), rtt / 2 + 1, t2);
        synchronized (this) {
            Sample b = best;
            if (b == null || s.errorNanos <= b.errorAt(t2)) best = s;
        }
        return true;
    }

    /** True once a usable exchange was recorded. */
    boolean known() { return best != null; }

    /**
     * The instant in the peer's clock before which an event there surely happened before
     * {@code localNanos + windowNanos} here; {@link Long#MIN_VALUE} while nothing is known.
     */
    long deadlineAtPeer(long localNanos, long windowNanos) {
        Sample b = best;
        if (b == null) return Long.MIN_VALUE;
        return localNanos + windowNanos + b.offsetNanos - b.errorAt(localNanos);
    }

    /** {@code localNanos} in the peer's clock (best estimate, for latency figures only). */
    long atPeer(long localNanos) {
        Sample b = best;
        return b == null ? localNanos : localNanos + b.offsetNanos;
    }
}
