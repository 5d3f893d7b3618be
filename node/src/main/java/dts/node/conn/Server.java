package dts.node.conn;

import io.netty.buffer.ByteBuf;

/** Serves a connection on this node (the local server: embedded backend or HTTP relay). */
@FunctionalInterface
public interface Server {
    /**
     * Serves {@code c} from its channel or descriptor, {@code consumed} (may be null) first. On
     * {@code c}'s event loop; takes ownership of {@code consumed}. Reports the connection's later
     * states to {@code c} and ends with {@link ClientConnection#closed} (or a move).
     */
    void serve(ClientConnection c, ByteBuf consumed);
}
