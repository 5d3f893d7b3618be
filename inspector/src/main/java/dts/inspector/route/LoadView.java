package dts.inspector.route;

/** The current load of the nodes, as the placement policies see it. Must be thread-safe. */
@FunctionalInterface
public interface LoadView {

    /**
     * The node's load now: requests in flight where the node counts them (its HTTP relay), else the
     * connections it serves; 0 for a node it knows nothing of.
     */
    int load(String nodeId);

    /** Every node idle: placement by hash alone. */
    static LoadView idle() {
        return nodeId -> 0;
    }
}
