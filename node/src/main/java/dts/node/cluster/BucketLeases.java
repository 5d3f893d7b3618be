package dts.node.cluster;

import dts.splicer.nft.FlowTable;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * Bucket ownership as leases, so that no bucket ever has two owners:
 * <ul>
 *   <li>the node's table answers SYNs only while its lease is held ({@link FlowOwnership#renewLease});
 *       the lease is renewed every {@link #RENEW_MILLIS} only while a majority of the configured nodes
 *       answered a recent probe in this very view ({@link Contact}), so a frozen, crashed or cut-off
 *       daemon, or one whose view is stale, stops answering SYNs within {@link #LEASE_MILLIS} by itself;</li>
 *   <li>on a view change a node releases the buckets it lost at once, then says so (its applied
 *       version, in its probes); a bucket it gains is added only once every node that may hold it has
 *       released it: each member of the previous view and of the new one (not only the bucket's previous
 *       owner: another may have taken it from a member that withdrew) has announced the new version, or
 *       withdrew, or left the view at least {@link #DEPARTED_WAIT_MILLIS} ago (it cannot have renewed its
 *       lease since the majority installed the view without it, so its lease has run out);</li>
 *   <li>a view that is not the direct successor of the last one applied here (versions skipped: this
 *       node was frozen or cut off while the others installed views without it and shared its buckets)
 *       keeps nothing: the node releases everything and acquires its share as a joiner does;</li>
 *   <li>a renewal's deadline counts from the decision (a majority answered), not from when the write
 *       reaches the kernel, so a daemon paused in between cannot come back holding a fresh lease;</li>
 *   <li>without quorum a node owns nothing and drops its lease;</li>
 *   <li>a node that withdraws ({@link #withdraw}: an orderly stop, or a drain before it rejoins as a
 *       drained member) drops its lease and every bucket at once and says so ({@link Contact#withdrew}):
 *       its buckets are free for the others the moment they install a view without it.</li>
 * </ul>
 * Established flows never depend on any of this (their sockets claim them). Runs on one thread.
 */
final class BucketLeases {
    private static final Logger LOG = Logger.getLogger(BucketLeases.class.getName());
    /** How long one renewal lets the node answer SYNs. */
    static final long LEASE_MILLIS = 750;
    /** How often the lease is renewed (and peers probed). */
    static final long RENEW_MILLIS = 250;
    /** A probe answered within this long counts as contact. */
    static final long CONTACT_MILLIS = 4 * RENEW_MILLIS;
    /**
     * After a member left the view: its lease has surely run out (lease plus margin for view skew), and
     * the tail in which its answered handshakes complete too.
     */
    static final long DEPARTED_WAIT_MILLIS = LEASE_MILLIS + Math.max(RENEW_MILLIS, FlowTable.LEASE_TAIL_MILLIS);

    /** Which peers answered a recent probe in the current view. */
    interface Contact {
        /** Peers (other than this node) whose answer to a probe sent within {@code withinNanos} carried {@code version}. */
        Set<String> answeredSince(long withinNanos, long version);

        /** The highest view version a peer said it has applied (released its lost buckets for); -1 unknown. */
        long applied(String peer);

        /** Whether {@code peer}, as it is (or was last) in the view, withdrew: it owns nothing and holds no lease. */
        default boolean withdrew(String peer) { return false; }
    }

    private final String selfId;
    private final int configured;
    private final FlowOwnership flows;
    private final Contact contact;
    private final LongSupplier clock;
    private ClusterView target;
    private int[] owned = new int[0];
    private final Map<Integer, Set<String>> waitingFor = new HashMap<>();
    private final Map<String, Long> departedAt = new HashMap<>();
    private volatile long appliedVersion;
    private volatile boolean leaseHeld;
    private boolean withdrawn;
    private volatile long leaseUntilNanos; // 0: not held
    private long viewSinceNanos;

    BucketLeases(String selfId, int configuredNodes, FlowOwnership flows, Contact contact, LongSupplier clock) {
        this.selfId = selfId;
        this.configured = configuredNodes;
        this.flows = flows;
        this.contact = contact;
        this.clock = clock;
    }

    /** The view version whose lost buckets this node has released. */
    long appliedVersion() { return appliedVersion; }

    /** Buckets in this node's table now. */
    int ownedNow() { return owned.length; }

    /** Milliseconds until the lease in the flow table runs out (0: not held). */
    long leaseLeftMillis() {
        long until = leaseUntilNanos;
        return until == 0 ? 0 : Math.max(0, TimeUnit.NANOSECONDS.toMillis(until - clock.getAsLong()));
    }

    /** Whether the last renewal attempt held the lease. */
    boolean leaseHeld() { return leaseHeld; }

    /** Buckets gained in the current view and still waiting for their previous owner to release them. */
    int waiting() { return waitingFor.size(); }

    void onView(ClusterView prev, ClusterView next) {
        long now = clock.getAsLong();
        for (String m : prev.members()) if (!next.members().contains(m)) departedAt.put(m, now);
        next.members().forEach(departedAt::remove);
        target = next;
        viewSinceNanos = now;
        // a view that does not follow the last one applied here (versions skipped: this node was frozen or cut
        // off while the others went on, and gave its buckets to each other) keeps nothing: it is joined afresh
        boolean continuous = prev.quorum() && next.version() == prev.version() + 1;
        Set<Integer> keep = continuous ? set(next.owned()) : Set.of();
        int[] kept = Arrays.stream(owned).filter(keep::contains).toArray();
        if (kept.length != owned.length) {
            owned = kept;
            flows.setOwnedBuckets(owned);
        }
        appliedVersion = next.version();
        if (withdrawn) return;
        if (!next.quorum()) {
            waitingFor.clear();
            dropLease();
            return;
        }
        Set<Integer> have = set(owned);
        waitingFor.clear();
        // who may hold a gained bucket: its owner in the previous view, or (a member that withdrew, a view this
        // node skipped) any member of either view; each releases it when it applies this view, or left
        Set<String> holders = new TreeSet<>(prev.members());
        holders.addAll(next.members());
        holders.remove(selfId);
        for (int b : next.owned()) {
            if (!have.contains(b)) waitingFor.put(b, new HashSet<>(holders));
        }
        acquire();
    }

    /**
     * Owns nothing from now on: every bucket and the lease dropped in the flow table before this returns,
     * nothing renewed or acquired until {@link #resume}. Idempotent.
     */
    void withdraw() {
        if (!withdrawn) LOG.info(selfId + ": withdrew: " + owned.length + " buckets and the lease dropped");
        withdrawn = true;
        waitingFor.clear();
        owned = new int[0];
        flows.setOwnedBuckets(owned);
        leaseHeld = false;
        leaseUntilNanos = 0;
        flows.dropLease();
    }

    /**
     * Takes buckets again after {@link #withdraw}: what the current view gives this node is acquired as a
     * joiner does, once every other member has applied the view (released what it held of it).
     */
    void resume() {
        if (!withdrawn) return;
        withdrawn = false;
        if (target == null || !target.quorum()) return;
        Set<String> others = new HashSet<>(target.members());
        others.remove(selfId);
        for (int b : target.owned()) waitingFor.put(b, new HashSet<>(others));
        acquire();
    }

    boolean withdrawn() { return withdrawn; }

    /**
     * Members of the view in force withdrew (a drain or an orderly stop: they own nothing and will own
     * nothing until a later view): takes at once the buckets of theirs that {@code successor}, the table
     * of this view without them, gives this node, instead of leaving their SYNs unanswered until the group
     * installs that view (the withdrawn node has yet to leave it). Safe without a round of agreement
     * because the table is rendezvous hashing: with only owners removed, a bucket goes to the remaining
     * node that ranks highest for it, so two nodes that know of different withdrawals never both take
     * one (a node that knows less takes less). They are taken once every other member has applied this
     * view (a member still in an older one may hold them by that view's table). Nothing is claimed when
     * {@code successor} is not this view's table less {@code gone}, or without quorum; returns the number
     * of buckets claimed (taken now, or waiting for that).
     */
    int takeOver(Set<String> gone, ClusterView successor) {
        if (withdrawn || target == null || !target.quorum() || !successor.quorum() || gone.isEmpty() || gone.contains(selfId)) return 0;
        java.util.List<String> expected = new java.util.ArrayList<>(target.table().nodes());
        expected.removeAll(gone);
        if (successor.version() != target.version() || !expected.equals(successor.table().nodes())) return 0;
        Set<Integer> have = set(owned);
        Set<String> holders = new TreeSet<>(target.members());
        holders.removeAll(gone);
        holders.remove(selfId);
        int claimed = 0;
        for (int b : successor.owned()) {
            if (gone.contains(target.table().owner(b)) && !have.contains(b) && !waitingFor.containsKey(b)) {
                waitingFor.put(b, new HashSet<>(holders));
                claimed++;
            }
        }
        if (claimed == 0) return 0;
        LOG.info(selfId + ": claims " + claimed + " buckets of " + new TreeSet<>(gone) + ", which withdrew");
        acquire();
        return claimed;
    }

    /** A peer said it withdrew: take what waited for it now, not at the next round. */
    void poke() {
        if (!withdrawn && target != null && target.quorum()) acquire();
    }

    /** Every {@link #RENEW_MILLIS}: renew the lease if a majority answered, and take what was released. */
    void tick() {
        if (withdrawn || target == null || !target.quorum()) return;
        Set<String> answered = contact.answeredSince(TimeUnit.MILLISECONDS.toNanos(CONTACT_MILLIS), target.version());
        if (2 * (answered.size() + 1) > configured) {
            // the deadline counts from this decision, not from when the write reaches the kernel: a process
            // paused in between (frozen, descheduled) must not come back holding a lease the others gave up on
            long until = clock.getAsLong() + TimeUnit.MILLISECONDS.toNanos(LEASE_MILLIS);
            flows.renewLeaseUntil(until);
            leaseUntilNanos = until;
            if (!leaseHeld) LOG.info(selfId + ": lease held (view " + target.viewId() + ", answered by " + new TreeSet<>(answered) + ")");
            leaseHeld = true;
        } else if (leaseHeld) {
            // just after a view change nobody has answered in the new view yet: expected, and the first answers renew it
            boolean fresh = clock.getAsLong() - viewSinceNanos < TimeUnit.MILLISECONDS.toNanos(CONTACT_MILLIS);
            LOG.log(fresh ? java.util.logging.Level.FINE : java.util.logging.Level.WARNING, selfId + ": no majority answered in view "
                    + target.viewId() + " (" + new TreeSet<>(answered) + "): lease not renewed, it runs out within " + LEASE_MILLIS + " ms");
            leaseHeld = false;
        }
        acquire();
    }

    private void dropLease() {
        if (leaseHeld) LOG.warning(selfId + ": no quorum: lease dropped, owning no buckets");
        leaseHeld = false;
        leaseUntilNanos = 0;
        flows.dropLease();
    }

    /** Adds the gained buckets whose previous owners have released them. */
    private void acquire() {
        if (waitingFor.isEmpty()) return;
        long now = clock.getAsLong();
        Set<Integer> ready = new TreeSet<>();
        waitingFor.forEach((b, owners) -> {
            owners.removeIf(o -> released(o, now));
            if (owners.isEmpty()) ready.add(b);
        });
        if (ready.isEmpty()) return;
        ready.forEach(waitingFor::remove);
        Set<Integer> all = new TreeSet<>(set(owned));
        all.addAll(ready);
        owned = all.stream().mapToInt(Integer::intValue).toArray();
        flows.setOwnedBuckets(owned);
        LOG.info(selfId + ": took " + ready.size() + " released buckets (" + owned.length + " owned, " + waitingFor.size() + " waiting)");
    }

    private boolean released(String owner, long now) {
        if (contact.withdrew(owner)) return true;
        if (target.members().contains(owner)) return contact.applied(owner) >= target.version();
        Long gone = departedAt.get(owner);
        return gone == null || now - gone >= TimeUnit.MILLISECONDS.toNanos(DEPARTED_WAIT_MILLIS);
    }

    private static Set<Integer> set(int[] a) {
        Set<Integer> s = new HashSet<>();
        for (int x : a) s.add(x);
        return s;
    }
}
