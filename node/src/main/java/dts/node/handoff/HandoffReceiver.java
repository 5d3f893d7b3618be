package dts.node.handoff;

import dts.node.NodeStats;
import dts.node.conn.Connections;
import dts.splicer.nft.FlowTable;
import dts.splicer.repair.SegmentTap;
import dts.splicer.repair.Segments;
import dts.splicer.repair.SocketImage;
import dts.splicer.repair.TcpRepair;
import dts.splicer.sys.SysException;
import io.netty.channel.Channel;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The serving node's half of a hand-off. PREPARE restores the socket in repair mode with a drop
 * filter (invisible to the client) and answers READY; COMMIT makes it live, serves it and answers
 * LIVE; ABORT, or no COMMIT within {@code holdMillis} of PREPARE, lets the restored socket go
 * silently ({@link FlowTable#bury}). A COMMIT that finds no held socket, or comes after the hold ran
 * out, or whose release fails, is answered FAIL: the source then keeps the connection.
 * For a live move (the PREPARE says so), the node's {@link SegmentTap} holds the client's segments
 * that the held socket drops from restore to release; once live, the socket gets them and those the
 * COMMIT carries from the source.
 * A one-trip PREPARE (a request's hand-off) skips READY and COMMIT: restored before the deadline it
 * carries (in this node's clock), the socket goes live at once (LIVE); after it, it is let go (FAIL).
 */
public final class HandoffReceiver {
    private static final Logger LOG = Logger.getLogger(HandoffReceiver.class.getName());
    private static final int EADDRINUSE = 98;
    private static final int EADDRNOTAVAIL = 99;
    /** A connection returning to a node it just left waits for the old socket's grace (FlowTable). */
    private static final long RESTORE_RETRY_MILLIS = 2;
    private static final long RESTORE_RETRY_FOR_MILLIS = 250;
    private final Connections connections;
    private final NodeStats stats;
    private final FlowTable flows;
    private final SegmentTap tap;
    private final long holdMillis;
    private final ConcurrentHashMap<Key, Held> held = new ConcurrentHashMap<>();
    /** Restored sockets a peer may have waiting for COMMIT at once; more PREPAREs are refused (FAIL). */
    static final int MAX_HELD_PER_PEER = 1024;
    private final ConcurrentHashMap<String, java.util.concurrent.atomic.AtomicInteger> heldByPeer = new ConcurrentHashMap<>();

    private record Key(Channel link, long id) {}

    private record Held(int fd, SocketImage image, boolean holdSegments, dts.splicer.backend.Resume resume, long preparedNanos,
                        ScheduledFuture<?> expiry) {}

    public HandoffReceiver(Connections connections, NodeStats stats, FlowTable flows, SegmentTap tap, long handoffTimeoutMillis) {
        this.connections = connections;
        this.stats = stats;
        this.flows = flows;
        this.tap = tap;
        this.holdMillis = holdMillis(handoffTimeoutMillis);
    }

    /**
     * How long a target holds a restored socket for its COMMIT: well past the source's READY
     * deadline. The source relies on it: after COMMIT it takes the connection back only once this
     * has surely passed on the target (HandoffCoordinator).
     */
    static long holdMillis(long handoffTimeoutMillis) {
        return Math.max(2_000, 4 * handoffTimeoutMillis);
    }

    private volatile boolean stopping;

    void prepare(Channel link, ControlMessage m) {
        if (stopping) { // an orderly stop: the source keeps the connection
            link.writeAndFlush(ControlMessage.text(ControlMessage.Type.FAIL, m.id(), "node stopping or draining"), link.voidPromise());
            return;
        }
        prepare(link, m, System.nanoTime());
    }

    /** From now on every PREPARE is answered FAIL (the node is stopping). */
    public void stopAccepting() { stopping = true; }

    /** Takes hand-offs again (after a drain). */
    public void resumeAccepting() { stopping = false; }

    /** Restored sockets still waiting for their COMMIT or ABORT. */
    public int held() { return held.size(); }

    /**
     * A connection coming back to a node that moved it away moments ago finds the 4-tuple still
     * taken until the old socket is closed: retry briefly instead of refusing.
     */
    private void prepare(Channel link, ControlMessage m, long firstTryNanos) {
        Key key = new Key(link, m.id());
        PreparePayload p;
        try {
            p = PreparePayload.decode(m.payload());
        } catch (RuntimeException e) { // a malformed image
            refuse(link, m, e);
            return;
        }
        SocketImage img = p.image();
        dts.splicer.backend.Resume resume = p.resume();
        boolean holdSegments = p.holdSegments();
        java.util.concurrent.atomic.AtomicInteger peerHeld = heldOf(link);
        if (!p.oneTrip() && (peerHeld.get() >= MAX_HELD_PER_PEER || held.containsKey(key))) {
            refuse(link, m, new IllegalStateException(held.containsKey(key) ? "hand-off " + m.id() + " already held"
                    : "peer holds " + MAX_HELD_PER_PEER + " restored sockets already (expected: fewer)"));
            return;
        }
        try {
            int fd = TcpRepair.restore(img);
            if (p.oneTrip()) {
                stats.recordRestoreWaitMicros((System.nanoTime() - firstTryNanos) / 1000);
                liveNow(link, m.id(), fd, p);
                return;
            }
            if (holdSegments) tap.watch(img.remote());
            ScheduledFuture<?> expiry = link.eventLoop().schedule(() -> expire(key), holdMillis, TimeUnit.MILLISECONDS);
            long now = System.nanoTime();
            held.put(key, new Held(fd, img, holdSegments, resume, now, expiry));
            stats.recordRestoreWaitMicros((now - firstTryNanos) / 1000);
            peerHeld.incrementAndGet();
            link.writeAndFlush(ControlMessage.of(ControlMessage.Type.READY, m.id()), link.voidPromise());
        } catch (SysException e) {
            boolean taken = e.errno() == EADDRINUSE || e.errno() == EADDRNOTAVAIL;
            if (taken) (e.errno() == EADDRINUSE ? stats.restoreRetriesInUse : stats.restoreRetriesNotAvailable).increment();
            if (taken && System.nanoTime() - firstTryNanos < TimeUnit.MILLISECONDS.toNanos(RESTORE_RETRY_FOR_MILLIS)) {
                // the connection left this node moments ago: its old socket waits out its grace here,
                // or is still frozen awaiting the LIVE that this very PREPARE proves (it came first)
                if (returning.test(peerOf(link), img.remote())) stats.returnsBeforeLive.increment();
                if (flows.exhume(img.remote().address(), img.remote().port())) {
                    stats.restoresAfterExhume.increment();
                    link.eventLoop().execute(() -> prepare(link, m, firstTryNanos));
                } else {
                    link.eventLoop().schedule(() -> prepare(link, m, firstTryNanos), RESTORE_RETRY_MILLIS, TimeUnit.MILLISECONDS);
                }
                return;
            }
            refuse(link, m, taken ? new SysException(e.getMessage() + " (the 4-tuple still taken here after "
                    + (System.nanoTime() - firstTryNanos) / 1_000_000 + " ms of retries)", e.errno()) : e);
        } catch (RuntimeException e) { // any other failure of the restore
            refuse(link, m, e);
        }
    }

    private void refuse(Channel link, ControlMessage m, RuntimeException e) {
        stats.restoreFailures.increment();
        LOG.warning("restore of hand-off " + m.id() + " failed: " + e.getMessage());
        link.writeAndFlush(ControlMessage.text(ControlMessage.Type.FAIL, m.id(), String.valueOf(e.getMessage())), link.voidPromise());
    }

    private static String peerOf(Channel link) { return String.valueOf(link.attr(ControlServer.PEER_ID).get()); }

    /**
     * Where a returning connection's pending hand-off from this node is settled (the node's
     * {@link HandoffCoordinator#settleReturning}): by default, nowhere.
     */
    private volatile java.util.function.BiPredicate<String, dts.splicer.repair.Endpoint> returning = (p, c) -> false;

    public void onReturning(java.util.function.BiPredicate<String, dts.splicer.repair.Endpoint> settle) { this.returning = settle; }

    private java.util.concurrent.atomic.AtomicInteger heldOf(Channel link) {
        String peer = peerOf(link);
        return heldByPeer.computeIfAbsent(peer, p -> new java.util.concurrent.atomic.AtomicInteger());
    }

    /** Removes a held socket and its count. */
    private Held take(Key key) {
        Held h = held.remove(key);
        if (h != null) heldOf(key.link()).decrementAndGet();
        return h;
    }

    void commit(Channel link, long id, byte[] fromSource) {
        Held h = take(new Key(link, id));
        if (h == null) {
            stats.handoffsAbortedByTarget.increment();
            LOG.warning("COMMIT for unknown or expired hand-off " + id);
            fail(link, id, "no held socket for hand-off " + id);
            return;
        }
        h.expiry().cancel(false);
        if (System.nanoTime() - h.preparedNanos() > TimeUnit.MILLISECONDS.toNanos(holdMillis)) {
            // the source may already have taken the connection back: never go live after the hold
            stats.handoffsAbortedByTarget.increment();
            bury(h);
            fail(link, id, "COMMIT after the hold of " + holdMillis + " ms");
            return;
        }
        goLive(link, id, h.fd(), h.image(), h.resume(), h, fromSource);
    }

    /**
     * A one-trip PREPARE: live at once if the source's deadline (in our clock) has not passed, so the
     * source, which takes the connection back only after that deadline, never finds both copies live.
     */
    private void liveNow(Channel link, long id, int fd, PreparePayload p) {
        if (System.nanoTime() - p.liveBeforeNanos() > 0) {
            stats.handoffsAbortedByTarget.increment();
            flows.bury(fd, p.image().remote().address(), p.image().remote().port());
            fail(link, id, "PREPARE restored after its deadline");
            return;
        }
        if (goLive(link, id, fd, p.image(), p.resume(), null, null)) {
            stats.recordLiveAtTargetMicros((System.nanoTime() - p.decisionNanos()) / 1000);
        }
    }

    /**
     * Releases a restored socket and serves it, answering LIVE; FAIL (and the socket let go) when it
     * cannot leave repair mode. True when it is served here. {@code h}: the held socket's record, if any
     * (then {@code fromSource}: the segments the source's frozen socket dropped, from the COMMIT).
     */
    private boolean goLive(Channel link, long id, int fd, SocketImage image, dts.splicer.backend.Resume resume, Held h,
                           byte[] fromSource) {
        try {
            TcpRepair.activate(fd);
        } catch (SysException e) { // still in repair mode: not live, so the source may keep the connection
            stats.restoreFailures.increment();
            LOG.warning("release of hand-off " + id + " failed: " + e.getMessage());
            if (h != null) bury(h);
            else flows.bury(fd, image.remote().address(), image.remote().port());
            fail(link, id, "release failed: " + e.getMessage());
            return false;
        }
        try {
            TcpRepair.sendUnsent(fd, image);
        } catch (SysException e) {
            // live already, but without the source's unsent bytes: the response would be corrupt, so
            // end it loudly here; the source must let go (LIVE), never resume a second live copy
            stats.restoreFailures.increment();
            LOG.warning("hand-off " + id + " live but its unsent bytes failed, closing: " + e.getMessage());
            if (h != null) stopHolding(h);
            dts.splicer.sys.LibC.closeQuietly(fd);
            link.writeAndFlush(ControlMessage.of(ControlMessage.Type.LIVE, id), link.voidPromise());
            return false;
        }
        if (h != null) deliverHeld(h, fromSource);
        stats.handoffsIn.increment();
        connections.movedIn(link.eventLoop(), fd, resume); // the inspector's links spread over our loops
        link.writeAndFlush(ControlMessage.of(ControlMessage.Type.LIVE, id), link.voidPromise());
        return true;
    }

    /** The segments the frozen sockets dropped, source's and ours, into the socket that is live now. */
    private void deliverHeld(Held h, byte[] fromSource) {
        if (!h.holdSegments()) return;
        java.util.List<byte[]> sourceHeld;
        try {
            sourceHeld = Segments.decode(fromSource);
        } catch (RuntimeException e) { // the client sends them again
            LOG.warning("COMMIT with malformed held segments: " + e.getMessage());
            sourceHeld = java.util.List.of();
        }
        if (!sourceHeld.isEmpty()) tap.reinject(h.image().remote(), sourceHeld);
        java.util.List<byte[]> ours = tap.take(h.image().remote());
        if (!ours.isEmpty()) tap.reinject(h.image().remote(), ours);
        stopHolding(h);
    }

    /** Ends the tap's watch of a live move's flow (its held segments, if any, are dropped). */
    private void stopHolding(Held h) {
        if (h.holdSegments()) tap.unwatch(h.image().remote());
    }

    private void bury(Held h) {
        stopHolding(h);
        flows.bury(h.fd(), h.image().remote().address(), h.image().remote().port());
    }

    private static void fail(Channel link, long id, String why) {
        link.writeAndFlush(ControlMessage.text(ControlMessage.Type.FAIL, id, why), link.voidPromise());
    }

    void abort(Channel link, long id) {
        Held h = take(new Key(link, id));
        if (h != null) {
            h.expiry().cancel(false);
            bury(h);
        }
    }

    private void expire(Key key) {
        Held h = take(key);
        if (h != null) {
            stats.handoffsAbortedByTarget.increment();
            bury(h);
        }
    }
}
