package dts.splicer.backend;

/** How one relayed connection ended; each is a counter in {@link RelayStats}. */
public enum RelayOutcome {
    /** Both directions reached EOF and were half-closed in turn. */
    COMPLETED,
    /** The backend could not be reached (refused, unreachable, connect timeout): the client got 502. */
    BAD_GATEWAY,
    /** A peer reset the connection (ECONNRESET, EPIPE) or closed it abruptly. */
    RESET,
    /** No byte moved in either direction for the idle timeout. */
    IDLE_TIMEOUT,
    /** Another system-call error on the data path. */
    IO_ERROR,
    /** The event loop shut down under the relay. */
    SHUTDOWN,
    /** A later request belonged to another node: the connection was handed over at a response boundary. */
    MOVED
}
