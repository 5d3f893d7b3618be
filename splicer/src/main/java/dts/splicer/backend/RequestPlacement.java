package dts.splicer.backend;

import dts.inspector.http.RequestHead;

/**
 * Where the later requests of a persistent connection go, for {@link HttpBackend}: called on the
 * connection's event loop, once per request after the first (the first was placed when the
 * connection was inspected).
 */
public interface RequestPlacement {
    /** null: serve the request on this node; else an opaque target, handed back to {@link #move}. */
    Object place(RequestHead head);

    /**
     * Takes over the connection at a response boundary, every earlier response written and acknowledged:
     * {@code clientFd} (non-blocking, in no epoll set) and {@code unread}, the client's bytes not yet
     * served (the moving request first, then anything pipelined after it). Owns both from here.
     *
     * @param decisionNanos when the request was placed (System.nanoTime), for hand-off latency
     */
    void move(Object target, int clientFd, byte[] unread, long decisionNanos);

    /** A request of the connection is being served here (after the first, which was placed before). */
    default void serving() { }

    /**
     * A request is answered here, the first included (after {@link #place} kept it here, or pinned as a
     * tunnel); not called for the continuation of a cut response. For counting.
     */
    default void answering(RequestHead head) { }

    /**
     * A final response head from the local web server (101 included, interim 1xx not), or the relay's own
     * 502, went to the client with {@code status}; not called for the continuation of a cut response
     * (its head was counted where the response started) nor inside a tunnel (not parsed). For counting.
     */
    default void responded(int status) { }

    /** Every response so far is written; the connection waits for the client's next request. */
    default void idle() { }

    /**
     * Asked when the connection is idle with nothing unread (every response written): an opaque target
     * to move it to now (this node is draining), or null to stay.
     */
    default Object leave() { return null; }

    /**
     * Gives the placement a way to move the connection while it is idle: {@code mover}, called on the
     * connection's event loop with a target, starts the move if the connection is idle and says whether it did.
     */
    default void onIdleMove(java.util.function.Predicate<Object> mover) { }

    /** The connection moves with a response cut mid-body ({@link #move} follows): whoever serves it next continues it. */
    default void resumeWith(Resume r) { }

    /** The idle connection starts to leave (for {@link #leave} or the idle mover); {@link #move} follows. */
    default void leaving() { }

    /** The connection became an opaque tunnel to the local web server (Upgrade, CONNECT, a body). */
    default void tunnel() { }

    /** Every request stays on this node. */
    RequestPlacement LOCAL = new RequestPlacement() {
        @Override public Object place(RequestHead head) { return null; }

        @Override public void move(Object target, int clientFd, byte[] unread, long decisionNanos) {
            throw new IllegalStateException("LOCAL placement moves nothing");
        }
    };
}
