package dts.harness.client;

/**
 * Where a page was served, as the client sees it from the {@code X-DTS-Node} header every node's web
 * server adds: on a new connection, by the node that served the connection's previous response, or by
 * another one (for DTS a re-hand-off; for a proxy, its per-request choice). A response without the
 * header is counted as served where the last one was.
 */
public enum PageHop {
    NEW_CONNECTION("new_connection"),
    SAME_NODE("same_node"),
    OTHER_NODE("other_node");

    private final String jsonName;

    PageHop(String jsonName) { this.jsonName = jsonName; }

    public String jsonName() { return jsonName; }

    /**
     * The hop of a response served by {@code node}, the first on its connection or one after a response
     * served by {@code previous} (null when no earlier response on the connection said).
     */
    static PageHop of(boolean firstOnConnection, String previous, String node) {
        if (firstOnConnection) return NEW_CONNECTION;
        return previous == null || node == null || node.equals(previous) ? SAME_NODE : OTHER_NODE;
    }
}
