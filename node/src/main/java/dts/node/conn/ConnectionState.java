package dts.node.conn;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where one client connection stands on this node; kept by its {@link ClientConnection}, counted in
 * status ({@code connection_states}). {@link #MOVED} and {@link #CLOSED} are terminal.
 */
public enum ConnectionState {
    /** Accepted by this node as inspector; reading the first request head. */
    INSPECTING,
    /** A request is being answered here (by the embedded backend or the local web server). */
    SERVING,
    /** Served here, every response written; waiting for the client's next request. */
    IDLE,
    /** Frozen with TCP_REPAIR and offered to another node, or waiting for its send queue to drain first. */
    MOVING,
    /** Pinned to this node as an opaque tunnel (Upgrade, CONNECT, a request with a body). */
    TUNNEL,
    /** Answered with an error (400, 408, 431, 503, 505); closing. */
    REJECTED,
    /** Handed to another node, which holds it live now. */
    MOVED,
    /** Closed here. */
    CLOSED;

    /** The states a connection may go to from this one. */
    Set<ConnectionState> next() {
        return switch (this) {
            case INSPECTING -> EnumSet.of(SERVING, MOVING, REJECTED, CLOSED);
            case SERVING, IDLE -> EnumSet.of(SERVING, IDLE, MOVING, TUNNEL, CLOSED);
            case MOVING -> EnumSet.of(MOVED, SERVING, CLOSED);
            case TUNNEL -> EnumSet.of(CLOSED);
            case REJECTED -> EnumSet.of(CLOSED);
            case MOVED, CLOSED -> EnumSet.noneOf(ConnectionState.class);
        };
    }

    /** Holds a client connection on this node (counted in {@code active_connections}). */
    public boolean holds() {
        return this != REJECTED && this != MOVED && this != CLOSED;
    }
}
