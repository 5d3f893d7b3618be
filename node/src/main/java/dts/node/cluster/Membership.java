package dts.node.cluster;

import dts.hashring.BucketTable;
import dts.node.handoff.PeerLink;
import dts.node.handoff.PeerLoads;
import dts.splicer.nft.FlowTable;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * Which nodes are live, as this node sees them (itself plus every peer whose control link answers
 * heartbeats), and the bucket table computed from that set. At start every configured node counts as
 * live, so a cluster that boots together agrees on the table at once; a peer that has not answered
 * yet keeps that presumption for a start-up grace period, then loses its buckets. Bucket ownership changes touch only new SYNs: established
 * flows are accepted by their sockets, so they are never disturbed. With a non-empty set of
 * {@code inspectors} only those nodes own buckets (the one-inspector baseline of the scaling benchmark).
 */
public final class Membership {
    private static final Logger LOG = Logger.getLogger(Membership.class.getName());
    private final String selfId;
    private final Map<String, PeerLink> links;
    private final int buckets;
    private final FlowTable flows;
    private final LongSupplier ownLoad;
    private final PeerLoads peerLoads;
    private volatile Set<String> live;
    private volatile BucketTable table;
    private volatile long tableVersion;
    private final Set<String> inspectors;
    private final Set<String> everAlive = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final long startNanos = System.nanoTime();
    private volatile long startupGraceNanos;

    public Membership(String selfId, List<String> allIds, Map<String, PeerLink> links, int buckets,
                      FlowTable flows, LongSupplier ownLoad, PeerLoads peerLoads, Set<String> inspectors) {
        this.selfId = selfId;
        this.peerLoads = peerLoads;
        this.links = links;
        this.buckets = buckets;
        this.flows = flows;
        this.ownLoad = ownLoad;
        this.inspectors = Set.copyOf(inspectors);
        this.live = Set.copyOf(new TreeSet<>(allIds));
        this.table = BucketTable.build(buckets, eligible(live));
        flows.setOwnedBuckets(table.bucketsOf(selfId));
    }

    /**
     * Starts re-evaluating liveness every {@code periodMillis}. A peer never seen alive still counts as
     * live for {@code startupGraceMillis} (its daemon may still be starting).
     */
    public void start(ScheduledExecutorService exec, long periodMillis, long startupGraceMillis) {
        this.startupGraceNanos = TimeUnit.MILLISECONDS.toNanos(startupGraceMillis);
        exec.scheduleWithFixedDelay(this::refresh, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    public Set<String> liveNodes() { return live; }

    public long tableVersion() { return tableVersion; }

    public int ownedBuckets() { return table.bucketsOf(selfId).length; }

    /** A node's load (requests in flight): this node's own now, or what the peer announced last. */
    public int load(String nodeId) {
        if (nodeId.equals(selfId)) return (int) ownLoad.getAsLong();
        return peerLoads.load(nodeId);
    }

    synchronized void refresh() {
        Set<String> now = new TreeSet<>();
        now.add(selfId);
        boolean inGrace = System.nanoTime() - startNanos < startupGraceNanos;
        links.forEach((id, l) -> {
            if (l.alive()) {
                everAlive.add(id);
                now.add(id);
            } else if (inGrace && !everAlive.contains(id)) {
                now.add(id);
            }
        });
        if (now.equals(live)) return;
        BucketTable next = BucketTable.build(buckets, eligible(now));
        int moved = table.diff(next).size();
        LOG.info("live nodes " + live + " -> " + now + ": " + moved + " buckets moved");
        live = Set.copyOf(now);
        table = next;
        tableVersion++;
        flows.setOwnedBuckets(next.bucketsOf(selfId));
    }

    /** The live nodes that may inspect: all of them, or the configured inspectors that are live. */
    private Set<String> eligible(Set<String> liveIds) {
        if (inspectors.isEmpty()) return liveIds;
        Set<String> e = new TreeSet<>(liveIds);
        e.retainAll(inspectors);
        return e.isEmpty() ? liveIds : e;
    }
}
