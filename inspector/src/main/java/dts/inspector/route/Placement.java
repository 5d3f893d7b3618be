package dts.inspector.route;

import dts.config.PoolConfig;
import dts.inspector.http.RequestHead;

/** A pool policy: picks one of a non-empty set of live members for a request. */
@FunctionalInterface
interface Placement {

    String place(LiveSet live, RequestHead head, String clientAddress, LoadView load);

    /** As above, for a request whose connection {@code here} holds; only {@code locality} looks at it. */
    default String place(LiveSet live, RequestHead head, String clientAddress, LoadView load, LocalCache here) {
        return place(live, head, clientAddress, load);
    }

    static Placement of(PoolConfig pool) {
        return switch (pool.policy()) {
            case LOCALITY -> new LardPlacement(pool.loadLow(), pool.loadHigh(), pool.replicateMaxBytes(), pool.replicateIntoFreeMemory());
            case BOUNDED_HASH -> new BoundedHashPlacement(pool.loadFactor());
            case ROUND_ROBIN -> new RoundRobinPlacement();
            case LEAST_CONNECTIONS -> new LeastConnectionsPlacement();
            case CLIENT_HASH -> new ClientHashPlacement();
        };
    }
}
