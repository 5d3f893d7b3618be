package dts.inspector.route;

/** The current load of the nodes, as the placement policies see it. Must be thread-safe. */
@FunctionalInterface
public interface LoadView {

    /** Connections the node is serving now (0 for a node it knows nothing of). */
    int activeConnections(String nodeId);

    /** Every node idle: placement by hash alone. */
    static LoadView idle() {
        return nodeId -> 0;
    }
}
