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

    /** Every request stays on this node. */
    RequestPlacement LOCAL = new RequestPlacement() {
        @Override public Object place(RequestHead head) { return null; }

        @Override public void move(Object target, int clientFd, byte[] unread, long decisionNanos) {
            throw new IllegalStateException("LOCAL placement moves nothing");
        }
    };
}
