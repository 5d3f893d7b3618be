package dts.node.health;

import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The nodes placement leaves out: those whose web servers are down ({@link BackendsDown}), the peers
 * whose heartbeats say they drain, the members that joined the view drained, and this node while it
 * drains. Returns the same set object while none of its inputs changes (placement caches on it).
 */
public final class Unavailable implements Supplier<Set<String>> {
    private final String selfId;
    private final Supplier<Set<String>> down;
    private final Supplier<Set<String>> peersDraining;
    private final Supplier<Set<String>> viewDrained;
    private final BooleanSupplier selfDraining;
    private volatile Cache cache = new Cache(Set.of(), Set.of(), Set.of(), false, Set.of());

    private record Cache(Set<String> down, Set<String> peersDraining, Set<String> viewDrained, boolean selfDraining, Set<String> out) {}

    /** Each supplier must return the same object until its content changes. */
    public Unavailable(String selfId, Supplier<Set<String>> down, Supplier<Set<String>> peersDraining,
                       Supplier<Set<String>> viewDrained, BooleanSupplier selfDraining) {
        this.selfId = selfId;
        this.down = down;
        this.peersDraining = peersDraining;
        this.viewDrained = viewDrained;
        this.selfDraining = selfDraining;
    }

    @Override
    public Set<String> get() {
        Set<String> d = down.get();
        Set<String> p = peersDraining.get();
        Set<String> v = viewDrained.get();
        boolean self = selfDraining.getAsBoolean();
        Cache c = cache;
        if (c.down == d && c.peersDraining == p && c.viewDrained == v && c.selfDraining == self) return c.out;
        Set<String> out = new TreeSet<>(d);
        out.addAll(p);
        out.addAll(v);
        if (self) out.add(selfId);
        Cache next = new Cache(d, p, v, self, d.isEmpty() && p.isEmpty() && v.isEmpty() && !self ? Set.of() : Set.copyOf(out));
        cache = next;
        return next.out;
    }
}
