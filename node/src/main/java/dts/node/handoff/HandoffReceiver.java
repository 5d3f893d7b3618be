package dts.node.handoff;

import dts.node.NodeStats;
import dts.node.serve.LocalServer;
import dts.splicer.repair.SocketImage;
import dts.splicer.repair.TcpRepair;
import dts.splicer.sys.LibC;
import dts.splicer.sys.SysException;
import io.netty.channel.Channel;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The serving node's half of a hand-off. PREPARE restores the socket in repair mode with a drop
 * filter (invisible to the client) and answers READY; COMMIT makes it live and serves it; ABORT, or
 * no COMMIT within {@code holdMillis}, closes it silently.
 */
public final class HandoffReceiver {
    private static final Logger LOG = Logger.getLogger(HandoffReceiver.class.getName());
    private final LocalServer local;
    private final NodeStats stats;
    private final long holdMillis;
    private static final int EADDRINUSE = 98;
    private static final int EADDRNOTAVAIL = 99;
    private static final int RESTORE_RETRIES = 50;
    private static final long RESTORE_RETRY_MILLIS = 2;
    private final ConcurrentHashMap<Key, Held> held = new ConcurrentHashMap<>();

    private record Key(Channel link, long id) {}

    private record Held(int fd, SocketImage image, ScheduledFuture<?> expiry) {}

    public HandoffReceiver(LocalServer local, NodeStats stats, long holdMillis) {
        this.local = local;
        this.stats = stats;
        this.holdMillis = holdMillis;
    }

    void prepare(Channel link, ControlMessage m) {
        prepare(link, m, 0);
    }

    /**
     * A connection coming back to a node that moved it away moments ago finds the 4-tuple still
     * taken until the old socket is closed: retry briefly instead of refusing.
     */
    private void prepare(Channel link, ControlMessage m, int attempt) {
        Key key = new Key(link, m.id());
        try {
            SocketImage img = SocketImage.fromBytes(m.payload());
            int fd = TcpRepair.restore(img);
            ScheduledFuture<?> expiry = link.eventLoop().schedule(() -> expire(key), holdMillis, TimeUnit.MILLISECONDS);
            held.put(key, new Held(fd, img, expiry));
            link.writeAndFlush(ControlMessage.of(ControlMessage.Type.READY, m.id()), link.voidPromise());
        } catch (SysException e) {
            if ((e.errno() == EADDRINUSE || e.errno() == EADDRNOTAVAIL) && attempt < RESTORE_RETRIES) {
                link.eventLoop().schedule(() -> prepare(link, m, attempt + 1), RESTORE_RETRY_MILLIS, TimeUnit.MILLISECONDS);
                return;
            }
            refuse(link, m, e);
        } catch (RuntimeException e) { // a malformed image
            refuse(link, m, e);
        }
    }

    private void refuse(Channel link, ControlMessage m, RuntimeException e) {
        stats.restoreFailures.increment();
        LOG.warning("restore of hand-off " + m.id() + " failed: " + e.getMessage());
        link.writeAndFlush(ControlMessage.text(ControlMessage.Type.FAIL, m.id(), String.valueOf(e.getMessage())), link.voidPromise());
    }

    void commit(Channel link, long id) {
        Held h = held.remove(new Key(link, id));
        if (h == null) {
            stats.handoffsAbortedByTarget.increment();
            LOG.warning("COMMIT for unknown or expired hand-off " + id);
            return;
        }
        h.expiry().cancel(false);
        try {
            TcpRepair.release(h.fd(), h.image());
        } catch (SysException e) {
            stats.restoreFailures.increment();
            LOG.warning("release of hand-off " + id + " failed: " + e.getMessage());
            closeQuietly(h.fd());
            return;
        }
        stats.handoffsIn.increment();
        local.serveFd(link.eventLoop(), h.fd(), null); // the inspector's links spread over our loops
        link.writeAndFlush(ControlMessage.of(ControlMessage.Type.LIVE, id), link.voidPromise());
    }

    void abort(Channel link, long id) {
        Held h = held.remove(new Key(link, id));
        if (h != null) {
            h.expiry().cancel(false);
            closeQuietly(h.fd());
        }
    }

    private void expire(Key key) {
        Held h = held.remove(key);
        if (h != null) {
            stats.handoffsAbortedByTarget.increment();
            closeQuietly(h.fd());
        }
    }

    private static void closeQuietly(int fd) {
        try {
            LibC.close(fd); // still in repair mode: silent, no FIN or RST
        } catch (SysException ignored) {
            // nothing left to do with a descriptor that will not close
        }
    }
}
