package dts.node.health;

import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The nodes whose web servers are down now: this node, by its own checks, and the peers whose last
 * heartbeat said so. Returns the same set object while nothing changes (placement caches on it).
 */
public final class BackendsDown implements Supplier<Set<String>> {
    private final String selfId;
    private final BooleanSupplier selfUp;
    private final Supplier<Set<String>> peersDown;
    private volatile Cache cache = new Cache(true, Set.of(), Set.of());

    private record Cache(boolean selfUp, Set<String> peersDown, Set<String> down) {}

    /** @param peersDown the peers' announcements; must return the same object until they change */
    public BackendsDown(String selfId, BooleanSupplier selfUp, Supplier<Set<String>> peersDown) {
        this.selfId = selfId;
        this.selfUp = selfUp;
        this.peersDown = peersDown;
    }

    @Override
    public Set<String> get() {
        boolean up = selfUp.getAsBoolean();
        Set<String> peers = peersDown.get();
        Cache c = cache;
        if (c.selfUp == up && c.peersDown == peers) return c.down;
        Set<String> down = new TreeSet<>(peers);
        if (up) down.remove(selfId);
        else down.add(selfId);
        Cache next = new Cache(up, peers, Set.copyOf(down));
        cache = next;
        return next.down;
    }
}
