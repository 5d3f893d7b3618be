package dts.node.handoff;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * What the heartbeats carry: the latest load and backend health each peer announced, with its PONG
 * (answering our PING) or with its own PING, which a node sends whenever its load or health changed
 * (checked every {@link PeerLink#LOAD_CHECK_MILLIS}; a load at most every
 * {@link PeerLink#LOAD_ANNOUNCE_MIN_MILLIS}), so placement sees them tens of milliseconds old
 * while an idle cluster sends nothing extra; and this node's own backend health, for its heartbeats.
 */
public final class PeerLoads {
    private final ConcurrentHashMap<String, Integer> loads = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Boolean> backendUp = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Boolean> drainingPeers = new ConcurrentHashMap<>();
    private final BooleanSupplier ownBackendUp;
    private volatile BooleanSupplier ownDraining = () -> false;
    private volatile Set<String> backendsDown = Set.of();
    private volatile Set<String> peersDraining = Set.of();

    /** A node whose backend is always up (the embedded one). */
    public PeerLoads() { this(() -> true); }

    public PeerLoads(BooleanSupplier ownBackendUp) { this.ownBackendUp = ownBackendUp; }

    /** Takes a PING or PONG of {@code peerId}: its load and its backend's health. */
    void record(String peerId, ControlMessage heartbeat) {
        if (peerId == null) return;
        loads.put(peerId, Math.max(0, heartbeat.count()));
        boolean up = heartbeat.backendUp();
        Boolean before = backendUp.put(peerId, up);
        if (before == null || before != up) refreshDown();
        boolean draining = heartbeat.draining();
        Boolean was = drainingPeers.put(peerId, draining);
        if (was == null || was != draining) refreshDraining();
    }

    private synchronized void refreshDraining() {
        Set<String> d = new TreeSet<>();
        drainingPeers.forEach((id, on) -> {
            if (on) d.add(id);
        });
        peersDraining = Set.copyOf(d);
    }

    /** Where this node's own drain state comes from (for its heartbeats). */
    public void ownDraining(BooleanSupplier draining) { this.ownDraining = draining; }

    /** The peers whose last heartbeat said they are draining; the same object until that changes. */
    public Set<String> peersDraining() { return peersDraining; }

    private synchronized void refreshDown() {
        Set<String> down = new TreeSet<>();
        backendUp.forEach((id, up) -> {
            if (!up) down.add(id);
        });
        backendsDown = Set.copyOf(down);
    }

    /** The heartbeat this node sends: its load and its backend's health. */
    ControlMessage heartbeat(ControlMessage.Type type, long load) {
        return ControlMessage.heartbeat(type, load, ownFlags());
    }

    /** The flags byte of this node's heartbeats now. */
    int ownFlags() {
        return (ownBackendUp.getAsBoolean() ? 0 : ControlMessage.BACKEND_DOWN) | (ownDraining.getAsBoolean() ? ControlMessage.DRAINING : 0);
    }

    /** The peer's last announced load; 0 for a peer never heard of. */
    public int load(String peerId) {
        return loads.getOrDefault(peerId, 0);
    }

    /** The peers whose last heartbeat said their backend is down; the same object until that changes. */
    public Set<String> backendsDown() { return backendsDown; }

    /** Each peer heard of: "up" or "down", as it last announced its backend. */
    public Map<String, String> backendHealth() {
        Map<String, String> m = new TreeMap<>();
        backendUp.forEach((id, up) -> m.put(id, up ? "up" : "down"));
        return m;
    }
}
