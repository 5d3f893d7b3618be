package dts.node.cluster;

import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lease probes between members, over the group channel: each round this node sends every other member
 * a PROBE (a sequence number, its view version and the version it has applied); a member answers at
 * once with an ANSWER carrying the same number and its own versions. An answer counts as contact only
 * for the round it answers (the round's send time is known here, so a stale answer, e.g. one queued
 * while this node was frozen, is old by construction) and only if the peer was in the same view.
 */
final class Probes implements BucketLeases.Contact {
    static final byte PROBE = 1;
    static final byte ANSWER = 2;
    /** Sent (reliably) by a node that withdrew: it owns no bucket and holds no lease. */
    static final byte WITHDRAWN = 3;
    static final int BYTES = 1 + 3 * Long.BYTES;
    private static final int ROUNDS_KEPT = 64;

    private record Answer(long sentNanos, long version) {}

    private final AtomicLong seq = new AtomicLong();
    private final long[] sentAt = new long[ROUNDS_KEPT];
    private final ConcurrentHashMap<String, Answer> answers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Long> applied = new ConcurrentHashMap<>();

    /** The frame a withdrawing node sends every other member. */
    static byte[] withdrawn() { return frame(WITHDRAWN, 0, 0, 0); }

    /** Whether {@code f} is a {@link #withdrawn} frame. */
    static boolean isWithdrawn(byte[] f) { return f != null && f.length == BYTES && f[0] == WITHDRAWN; }

    /** A new round: the frame to send to every other member. */
    byte[] nextProbe(long viewVersion, long appliedVersion, long nowNanos) {
        long n = seq.incrementAndGet();
        synchronized (sentAt) {
            sentAt[(int) (n % ROUNDS_KEPT)] = nowNanos;
        }
        return frame(PROBE, n, viewVersion, appliedVersion);
    }

    /**
     * Takes a frame from {@code peer}; returns the answer to send back (for a PROBE), else null.
     * Frames of another length or type are ignored (the group is authenticated; this is robustness).
     */
    byte[] onFrame(String peer, byte[] f, long viewVersion, long appliedVersion) {
        if (f == null || f.length != BYTES) return null;
        ByteBuffer b = ByteBuffer.wrap(f);
        byte type = b.get();
        long n = b.getLong();
        long theirView = b.getLong();
        long theirApplied = b.getLong();
        applied.merge(peer, theirApplied, Math::max);
        if (type == PROBE) return frame(ANSWER, n, viewVersion, appliedVersion);
        if (type != ANSWER || n <= 0 || n > seq.get() || seq.get() - n >= ROUNDS_KEPT) return null;
        long sent;
        synchronized (sentAt) {
            sent = sentAt[(int) (n % ROUNDS_KEPT)];
        }
        answers.merge(peer, new Answer(sent, theirView), (a, c) -> c.sentNanos >= a.sentNanos ? c : a);
        return null;
    }

    @Override
    public Set<String> answeredSince(long withinNanos, long version) {
        long now = System.nanoTime();
        Set<String> s = new HashSet<>();
        answers.forEach((p, a) -> {
            if (a.version == version && now - a.sentNanos < withinNanos) s.add(p);
        });
        return s;
    }

    @Override
    public long applied(String peer) {
        return applied.getOrDefault(peer, -1L);
    }

    private static byte[] frame(byte type, long n, long view, long appliedVersion) {
        return ByteBuffer.allocate(BYTES).put(type).putLong(n).putLong(view).putLong(appliedVersion).array();
    }
}
