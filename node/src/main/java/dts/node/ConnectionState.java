package dts.node;

/** Where one client connection stands on this node; recorded per connection and counted in status. */
public enum ConnectionState {
    /** Accepted by this node as inspector; reading the request head. */
    INSPECTING,
    /** Dumped with TCP_REPAIR and offered to the serving node; waiting for READY. */
    HANDING_OFF,
    /** Moved to another node; this node has left the data path. */
    HANDED_OFF,
    /** Served by this node (it was the chosen node, or the connection was moved in). */
    SERVING,
    /** Hand-off failed; the inspector serves the connection itself. */
    FALLBACK,
    /** Answered with an error (400, 408, 431, 503) and closed. */
    REJECTED,
    /** Closed. */
    CLOSED
}
