package dts.node.handoff;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest load each peer announced: with its PONG (answering our PING) or with its own PING, which
 * a node sends whenever its load changed (checked every {@link PeerLink#LOAD_CHECK_MILLIS}), so
 * placement sees loads tens of milliseconds old while an idle cluster sends nothing extra.
 */
public final class PeerLoads {
    private final ConcurrentHashMap<String, Integer> loads = new ConcurrentHashMap<>();

    void record(String peerId, int load) {
        if (peerId != null) loads.put(peerId, Math.max(0, load));
    }

    /** The peer's last announced load; 0 for a peer never heard of. */
    public int load(String peerId) {
        return loads.getOrDefault(peerId, 0);
    }
}
