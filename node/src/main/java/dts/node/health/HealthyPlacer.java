package dts.node.health;

import dts.inspector.http.RequestHead;
import dts.inspector.route.Decision;
import dts.inspector.route.LocalCache;
import dts.inspector.route.LoadView;
import dts.inspector.route.Router;
import dts.node.conn.Connections;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Places requests on live nodes whose web servers are up: the router sees the live nodes minus those
 * of {@link BackendsDown}; a pool whose live members are all down is routed as if all were up (their
 * 502s rather than a 503 for everyone). The node still inspects and hands off while its own is down.
 */
public final class HealthyPlacer implements Connections.Placer {
    private final Supplier<Router> router;
    private final Supplier<Set<String>> liveNodes;
    private final Supplier<Set<String>> down;
    private final LoadView load;
    private final LocalCache here;
    private volatile Healthy last = new Healthy(Set.of(), Set.of(), Set.of());

    /** The healthy live nodes for one pair of (live, down) set objects. */
    private record Healthy(Set<String> live, Set<String> down, Set<String> healthy) {}

    /**
     * @param liveNodes and {@code down} must return the same object until their content changes
     *                  (membership views and {@link BackendsDown} do): the difference is cached on them
     */
    public HealthyPlacer(Supplier<Router> router, Supplier<Set<String>> liveNodes, Supplier<Set<String>> down, LoadView load) {
        this(router, liveNodes, down, load, LocalCache.none());
    }

    /** @param here this node's page cache: a request may stay where its connection is (policy locality) */
    public HealthyPlacer(Supplier<Router> router, Supplier<Set<String>> liveNodes, Supplier<Set<String>> down, LoadView load,
                         LocalCache here) {
        this.router = router;
        this.liveNodes = liveNodes;
        this.down = down;
        this.load = load;
        this.here = here;
    }

    @Override
    public Decision decide(RequestHead head, String clientAddress) {
        Set<String> live = liveNodes.get();
        return router.get().route(head, clientAddress, healthy(live), live, load, here);
    }

    @Override
    public String poolOf(RequestHead head) {
        return router.get().poolOf(head);
    }

    /** The live nodes whose web servers are up (the live set itself when none is down). */
    Set<String> healthy(Set<String> live) {
        Set<String> d = down.get();
        if (d.isEmpty()) return live;
        Healthy h = last;
        if (h.live == live && h.down == d) return h.healthy;
        Set<String> healthy = new HashSet<>(live);
        healthy.removeAll(d);
        Healthy next = new Healthy(live, d, Set.copyOf(healthy));
        last = next;
        return next.healthy;
    }
}
