package dts.node.handoff;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Control frames refused, by reason; each refusal also closes its link. Thread-safe. */
public final class FrameRejects {
    /** Why a frame was refused (lower-case names in status and metrics). */
    public enum Reason {
        /** The MAC does not verify: another key, or altered bytes. */
        BAD_MAC,
        /** A valid MAC with a sequence number other than the next one: replayed or reordered. */
        REPLAYED,
        /** Shorter than its headers, or the link closed inside a frame. */
        TRUNCATED,
        /** A length prefix above {@link ControlMessage#MAX_FRAME_BYTES}. */
        OVERSIZED,
        /** Not a control message (unknown type), or a bad handshake. */
        MALFORMED,
        /** No handshake within the deadline. */
        HANDSHAKE_TIMEOUT,
        /** A frame this side of the link never takes (e.g. PREPARE before HELLO). */
        UNEXPECTED_FRAME,
        /** READY/FAIL/LIVE for a hand-off never sent, or from a peer that was not asked. */
        UNEXPECTED_REPLY;

        public String label() { return name().toLowerCase(); }
    }

    private final Map<Reason, LongAdder> counts = new EnumMap<>(Reason.class);

    public FrameRejects() {
        for (Reason r : Reason.values()) counts.put(r, new LongAdder());
    }

    void count(Reason r) { counts.get(r).increment(); }

    public long count(String label) { return counts.get(Reason.valueOf(label.toUpperCase())).sum(); }

    public long total() { return counts.values().stream().mapToLong(LongAdder::sum).sum(); }

    /** Every reason with its count, in declaration order. */
    public Map<String, Long> snapshot() {
        Map<String, Long> m = new LinkedHashMap<>();
        counts.forEach((r, n) -> m.put(r.label(), n.sum()));
        return m;
    }
}
