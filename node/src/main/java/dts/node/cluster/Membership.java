package dts.node.cluster;

import dts.config.ClusterKey;
import dts.hashring.BucketTable;
import dts.node.handoff.PeerLoads;
import org.jgroups.Address;
import org.jgroups.BytesMessage;
import org.jgroups.JChannel;
import org.jgroups.Message;
import org.jgroups.Receiver;
import org.jgroups.View;
import org.jgroups.util.ExtendedUUID;
import org.jgroups.util.NameCache;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * Which nodes are live: the members of this node's JGroups view. JGroups gives every member the same
 * sequence of views, so every node derives the same bucket table from the same members (a node's id
 * travels in its address); the view number is the table version. A node in a view without a majority
 * of the configured nodes owns no buckets. Views are applied in order on {@code control} (never on a
 * data-path loop); ownership changes touch only new SYNs (established flows are accepted by their
 * sockets). With a non-empty set of {@code inspectors} only those nodes own buckets. What a view
 * gives a node goes into its flow table as leases ({@link BucketLeases}), renewed on lease probes
 * ({@link Probes}) that travel on the same authenticated channel.
 */
public final class Membership implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Membership.class.getName());
    private static final String CLUSTER = "dts";
    private static final String ID_KEY = "dts-id";
    private static final String DRAINED_KEY = "dts-drained";
    /** How long a withdrawing node lets its WITHDRAWN frames travel before it leaves the group. */
    private static final long WITHDRAWN_FLIGHT_MILLIS = 100;
    /** After a view change: a second probe, for members that install the view after this node's first probe reached them. */
    private static final long REPROBE_AFTER_VIEW_MILLIS = 50;
    private final String selfId;
    private final Map<String, InetSocketAddress> endpoints;
    private final List<String> configured;
    private final int buckets;
    private final FlowOwnership flows;
    private final Probes probes = new Probes();
    private final BucketLeases leases;
    private final LongSupplier ownLoad;
    private final PeerLoads peerLoads;
    private final Set<String> inspectors;
    private volatile ClusterView view;
    private volatile JChannel channel;
    private volatile boolean drained;
    private ScheduledExecutorService control;
    /** The address with which each peer last said it withdrew. */
    private final Map<String, Address> withdrawnAs = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * @param endpoints every configured node's membership address (JGroups TCP), by id
     * @param flows takes this node's buckets and lease ({@code FlowTable}; {@link FlowOwnership#NONE} for a member without one)
     */
    public Membership(String selfId, Map<String, InetSocketAddress> endpoints, int buckets, FlowOwnership flows,
                      LongSupplier ownLoad, PeerLoads peerLoads, Set<String> inspectors) {
        this.selfId = selfId;
        this.endpoints = Map.copyOf(endpoints);
        this.configured = List.copyOf(new TreeSet<>(endpoints.keySet()));
        this.buckets = buckets;
        this.flows = flows;
        this.ownLoad = ownLoad;
        this.peerLoads = peerLoads;
        this.inspectors = Set.copyOf(inspectors);
        this.view = ClusterView.initial(configured, this.inspectors, buckets, selfId);
        this.leases = new BucketLeases(selfId, configured.size(), flows, new Contact(), System::nanoTime);
        flows.setOwnedBuckets(new int[0]);
    }

    /**
     * Joins the group (or forms it alone); returns once the first view is installed. Views, lease
     * renewals and probes run on {@code control}, one thread.
     */
    public void start(ClusterKey key, ScheduledExecutorService control) throws Exception {
        this.control = control;
        InetSocketAddress self = endpoints.get(selfId);
        channel = GroupStack.channel(self, endpoints.values(), key).name(selfId)
                .addAddressGenerator(() -> {
                    ExtendedUUID u = ExtendedUUID.randomUUID(selfId).put(ID_KEY, selfId.getBytes(StandardCharsets.UTF_8));
                    return drained ? u.put(DRAINED_KEY, new byte[] {1}) : u;
                });
        channel.setReceiver(new Receiver() {
            @Override public void viewAccepted(View v) { control.execute(() -> apply(v)); }

            @Override public void receive(Message m) { onProbe(m); }
        });
        channel.connect(CLUSTER);
        control.scheduleAtFixedRate(this::round, BucketLeases.RENEW_MILLIS, BucketLeases.RENEW_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** One lease round: renew (or not) and take released buckets, then probe every other member. */
    private void round() {
        try {
            leases.tick();
            probeAll();
        } catch (RuntimeException e) {
            LOG.warning(selfId + ": lease round failed: " + e);
        }
    }

    /**
     * Probes every other member (the frame carries this node's view and applied versions) with one
     * group message: it is encrypted and passed down the stack once, not once per member, and the
     * failure detector (FD_ALL3) sends no heartbeat of its own in an interval in which this node sent
     * a group message, while every member counts any message it receives from this node as one. So a
     * lease round replaces the heartbeats instead of adding to them. On the control loop.
     */
    private void probeAll() {
        ClusterView v = view;
        byte[] probe = probes.nextProbe(v.version(), leases.appliedVersion(), System.nanoTime());
        JChannel ch = channel;
        View jv = ch == null ? null : ch.getView();
        if (jv == null || jv.size() < 2) return;
        send(null, probe);
    }

    private void onProbe(Message m) {
        JChannel ch = channel;
        if (ch != null && m.getSrc() != null && m.getSrc().equals(ch.getAddress())) return; // a group message of its own
        byte[] f = m.getArray();
        if (Probes.isWithdrawn(f)) {
            withdrawnAs.put(nodeId(m.getSrc()), m.getSrc());
            LOG.info(selfId + ": " + nodeId(m.getSrc()) + " withdrew (owns no bucket, holds no lease)");
            onControlLater(() -> {
                takeOverWithdrawn();
                leases.poke();
            });
            return;
        }
        String peer = nodeId(m.getSrc());
        long appliedBefore = probes.applied(peer);
        byte[] answer = probes.onFrame(peer, m.getArray(), view.version(), leases.appliedVersion());
        if (answer != null) send(m.getSrc(), answer);
        if (probes.applied(peer) > appliedBefore) onControlLater(leases::poke); // it released what it lost: take it now
        else if (answer == null && !leases.leaseHeld()) onControlLater(leases::tick); // an answer: renew now if it makes a majority
    }

    /**
     * The buckets of members that withdrew but are still in the view (a drain or a stop on its way out
     * of the group) go to their successors now rather than when the group installs the view without them.
     */
    private void takeOverWithdrawn() {
        ClusterView v = view;
        Contact contact = new Contact();
        Set<String> gone = new TreeSet<>();
        for (String m : v.members()) if (!m.equals(selfId) && contact.withdrew(m)) gone.add(m);
        if (gone.isEmpty()) return;
        Set<String> drainedOrGone = new TreeSet<>(v.drained());
        drainedOrGone.addAll(gone);
        leases.takeOver(gone, ClusterView.of(v.viewId(), v.version(), v.members(), configured, inspectors, drainedOrGone, buckets, selfId));
    }

    private void onControlLater(Runnable r) {
        ScheduledExecutorService c = control;
        if (c == null) return;
        try {
            c.execute(r);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // stopping: no control loop runs leases any more
        }
    }

    /** Sends a probe or an answer: to {@code to}, or to every other member when null; unreliable, never blocking. */
    private void send(Address to, byte[] frame) {
        try {
            Message msg = new BytesMessage(to, frame)
                    .setFlag(Message.Flag.OOB, Message.Flag.NO_RELIABILITY, Message.Flag.DONT_BUNDLE, Message.Flag.NO_FC)
                    .setFlag(Message.TransientFlag.DONT_BLOCK, Message.TransientFlag.DONT_LOOPBACK);
            channel.send(msg);
        } catch (Exception e) {
            // a member that went away: the next view says so
        }
    }

    private void apply(View v) {
        Set<String> ids = new TreeSet<>();
        Set<String> drainedIds = new TreeSet<>();
        for (Address a : v.getMembers()) {
            String id = nodeId(a);
            ids.add(id);
            if (a instanceof ExtendedUUID u && u.get(DRAINED_KEY) != null) drainedIds.add(id);
            withdrawnAs.computeIfPresent(id, (k, w) -> w.equals(a) ? w : null); // back with a new address: forget
        }
        ClusterView next = ClusterView.of(v.getViewId().toString(), v.getViewId().getId(), ids, configured, inspectors,
                drainedIds, buckets, selfId);
        ClusterView prev = view;
        view = next;
        leases.onView(prev, next);
        takeOverWithdrawn(); // a member that withdrew and is still in this view too
        if (control != null) {
            // say at once what this node released (peers waiting for it take it on this frame), and probe again
            // shortly so that members installing this view a little later answer in it before the lease's next renewal
            probeAll();
            control.schedule(this::probeAll, REPROBE_AFTER_VIEW_MILLIS, TimeUnit.MILLISECONDS);
        }
        if (!next.members().containsAll(prev.members()) && control != null) {
            // a departed owner's buckets are free the moment its lease has surely run out: not a round later
            control.schedule(leases::poke, BucketLeases.DEPARTED_WAIT_MILLIS + 1, TimeUnit.MILLISECONDS);
        }
        LOG.info(selfId + ": view " + next.viewId() + " " + next.members() + (next.quorum() ? "" : " (no quorum: owning no buckets)")
                + ", " + prev.owned().length + " -> " + next.owned().length + " buckets");
    }

    private static String nodeId(Address a) {
        if (a instanceof ExtendedUUID u && u.get(ID_KEY) != null) return new String(u.get(ID_KEY), StandardCharsets.UTF_8);
        String name = NameCache.get(a);
        return name == null ? a.toString() : name;
    }

    public ClusterView view() { return view; }

    public Set<String> liveNodes() { return view.members(); }

    public long tableVersion() { return view.version(); }

    public BucketTable table() { return view.table(); }

    /** Buckets in this node's flow table now (the view's share once every previous owner released it). */
    public int ownedBuckets() { return leases.ownedNow(); }

    /** Buckets this view gives the node that still wait for their previous owner's release. */
    public int bucketsWaiting() { return leases.waiting(); }

    /** Whether the node holds its lease (a majority answered its last probes in this view). */
    public boolean leaseHeld() { return leases.leaseHeld(); }

    public boolean quorum() { return view.quorum(); }

    /** Milliseconds until this node's lease runs out unless renewed (0: not held). */
    public long leaseLeftMillis() { return leases.leaseLeftMillis(); }

    /** A node's load (requests in flight): this node's own now, or what the peer announced last. */
    public int load(String nodeId) {
        if (nodeId.equals(selfId)) return (int) ownLoad.getAsLong();
        return peerLoads.load(nodeId);
    }

    /** Whether this node is in the group as drained (owning no buckets, taking no new work). */
    public boolean drained() { return drained; }

    /**
     * Rejoins the group drained ({@code true}: its buckets go to the others at once, it owns none while
     * drained) or serving again ({@code false}: it gets its share back as a joiner does). Withdraws first
     * and says so, so the others need not wait out its lease. Blocks for the rejoin (a second or so);
     * never call it on the control loop.
     */
    public synchronized void rejoin(boolean asDrained) throws Exception {
        if (asDrained == drained) return;
        withdraw();
        JChannel ch = channel;
        ch.disconnect();
        drained = asDrained;
        ch.connect(CLUSTER);
        onControl(leases::resume);
        LOG.info(selfId + ": rejoined " + (asDrained ? "drained" : "serving") + " as " + ch.getAddress());
    }

    /** Drops every bucket and the lease (on the control loop, where leases live), then tells every member. */
    private void withdraw() {
        onControl(leases::withdraw);
        JChannel ch = channel;
        View jv = ch == null ? null : ch.getView();
        if (jv == null) return;
        byte[] f = Probes.withdrawn();
        for (Address a : jv.getMembers()) {
            if (a.equals(ch.getAddress())) continue;
            try {
                ch.send(new BytesMessage(a, f)); // reliable: it must not be lost, it saves the others a lease
            } catch (Exception e) {
                // a member that went away: the next view says so
            }
        }
        try {
            Thread.sleep(WITHDRAWN_FLIGHT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void onControl(Runnable r) {
        ScheduledExecutorService c = control;
        if (c == null || c.isShutdown() || c instanceof io.netty.util.concurrent.EventExecutor e && e.inEventLoop()) {
            r.run(); // on it already, or not started (or stopping): no control loop runs leases any more
            return;
        }
        try {
            c.submit(r).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("control loop did not run " + r + ": " + e, e);
        }
    }

    /** Withdraws (every bucket and the lease dropped, the others told), then leaves the group. Not on the control loop. */
    @Override
    public void close() {
        try {
            withdraw();
        } catch (RuntimeException e) {
            LOG.warning(selfId + ": withdraw before leaving failed: " + e);
            flows.dropLease();
            flows.setOwnedBuckets(new int[0]);
        }
        if (channel != null) channel.close();
    }

    /** Lease contact: the probes, and which peers withdrew as the address they hold now (or held last). */
    private final class Contact implements BucketLeases.Contact {
        @Override public Set<String> answeredSince(long withinNanos, long version) { return probes.answeredSince(withinNanos, version); }

        @Override public long applied(String peer) { return probes.applied(peer); }

        @Override public boolean withdrew(String peer) {
            Address w = withdrawnAs.get(peer);
            if (w == null) return false;
            JChannel ch = channel;
            View jv = ch == null ? null : ch.getView();
            if (jv == null) return false;
            for (Address a : jv.getMembers()) {
                if (nodeId(a).equals(peer)) return a.equals(w); // still a member: only as the address that withdrew
            }
            return true; // left after it withdrew
        }
    }
}
