package dts.inspector.route;

/** The current load of the nodes, as the placement policies see it. Must be thread-safe. */
@FunctionalInterface
public interface LoadView {

    /**
     * The node's load now: requests in flight where the node counts them (its HTTP relay), else the
     * connections it serves; 0 for a node it knows nothing of.
     */
    int load(String nodeId);

    /**
     * The node's load over the last few hundred milliseconds (a moving average of {@link #load}), for
     * decisions that must not follow noise: in-flight counts of a few tens change by tens between
     * samples. By default the load now.
     */
    default int steadyLoad(String nodeId) {
        return load(nodeId);
    }

    /** Every node idle: placement by hash alone. */
    static LoadView idle() {
        return nodeId -> 0;
    }
}
