package dts.node.conn;

import io.netty.buffer.ByteBuf;

/** Moves a connection's live socket to another node (the hand-off coordinator). */
@FunctionalInterface
public interface Mover {
    /**
     * Moves {@code c} (its socket taken with {@link ClientConnection#takeFd}) to {@code target} with
     * {@code consumed}, the client's bytes read and not yet served. On {@code c}'s event loop; takes
     * ownership of {@code consumed}. Ends with {@link ClientConnection#moved} or
     * {@link ClientConnection#fellBack}.
     */
    void move(ClientConnection c, String target, ByteBuf consumed, long decisionNanos);
}
