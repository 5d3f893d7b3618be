package dts.node.serve;

import dts.inspector.http.RequestHead;
import dts.inspector.route.Decision;
import dts.node.conn.ClientConnection;
import dts.splicer.backend.RequestPlacement;
import io.netty.buffer.Unpooled;

/**
 * Per-request placement of one connection spliced to the local web server: the routing rules decide
 * each later request; one for another node moves the connection there (re-hand-off) with the request
 * and whatever the client sent after it. The relay's request, idle and tunnel events become the
 * connection's states.
 */
final class RelayPlacement implements RequestPlacement {
    private final ClientConnection conn;

    RelayPlacement(ClientConnection conn) {
        this.conn = conn;
    }

    @Override
    public Object place(RequestHead head) {
        Decision d = conn.decide(head);
        if (d.nodeId() == null || d.nodeId().equals(conn.selfId())) return null;
        conn.willMove(d);
        return d.nodeId();
    }

    @Override
    public void move(Object target, int clientFd, byte[] unread, long decisionNanos) {
        conn.adopt(clientFd);
        conn.moveTo((String) target, Unpooled.wrappedBuffer(unread), decisionNanos);
    }

    @Override public Object leave() { return conn.leaveFor(); }

    @Override public void leaving() { conn.leaving(); }

    @Override public void resumeWith(dts.splicer.backend.Resume r) { conn.resumeWith(r); }

    @Override public void onIdleMove(java.util.function.Predicate<Object> mover) {
        conn.onIdleMove(target -> mover.test(target));
    }

    @Override public void serving() { conn.serving(); }

    @Override public void answering(RequestHead head) { conn.answering(head); }

    @Override public void responded(int status) { conn.responded(status); }

    @Override public void idle() { conn.idle(); }

    @Override public void tunnel() { conn.tunnel(); }
}
