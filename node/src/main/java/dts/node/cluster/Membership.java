package dts.node.cluster;

import dts.config.ClusterKey;
import dts.hashring.BucketTable;
import dts.node.handoff.PeerLoads;
import org.jgroups.Address;
import org.jgroups.JChannel;
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
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * Which nodes are live: the members of this node's JGroups view. JGroups gives every member the same
 * sequence of views, so every node derives the same bucket table from the same members (a node's id
 * travels in its address); the view number is the table version. A node in a view without a majority
 * of the configured nodes owns no buckets. Views are applied in order on {@code control} (never on a
 * data-path loop); ownership changes touch only new SYNs (established flows are accepted by their
 * sockets). With a non-empty set of {@code inspectors} only those nodes own buckets.
 */
public final class Membership implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Membership.class.getName());
    private static final String CLUSTER = "dts";
    private static final String ID_KEY = "dts-id";
    private final String selfId;
    private final Map<String, InetSocketAddress> endpoints;
    private final List<String> configured;
    private final int buckets;
    private final Consumer<int[]> ownBuckets;
    private final LongSupplier ownLoad;
    private final PeerLoads peerLoads;
    private final Set<String> inspectors;
    private volatile ClusterView view;
    private JChannel channel;

    /**
     * @param endpoints every configured node's membership address (JGroups TCP), by id
     * @param ownBuckets takes this node's buckets after each view ({@code FlowTable::setOwnedBuckets})
     */
    public Membership(String selfId, Map<String, InetSocketAddress> endpoints, int buckets, Consumer<int[]> ownBuckets,
                      LongSupplier ownLoad, PeerLoads peerLoads, Set<String> inspectors) {
        this.selfId = selfId;
        this.endpoints = Map.copyOf(endpoints);
        this.configured = List.copyOf(new TreeSet<>(endpoints.keySet()));
        this.buckets = buckets;
        this.ownBuckets = ownBuckets;
        this.ownLoad = ownLoad;
        this.peerLoads = peerLoads;
        this.inspectors = Set.copyOf(inspectors);
        this.view = ClusterView.initial(configured, this.inspectors, buckets, selfId);
        ownBuckets.accept(new int[0]);
    }

    /** Joins the group (or forms it alone); returns once the first view is installed. */
    public void start(ClusterKey key, Executor control) throws Exception {
        InetSocketAddress self = endpoints.get(selfId);
        channel = GroupStack.channel(self, endpoints.values(), key).name(selfId)
                .addAddressGenerator(() -> ExtendedUUID.randomUUID(selfId).put(ID_KEY, selfId.getBytes(StandardCharsets.UTF_8)));
        channel.setReceiver(new Receiver() {
            @Override public void viewAccepted(View v) { control.execute(() -> apply(v)); }
        });
        channel.connect(CLUSTER);
    }

    private void apply(View v) {
        Set<String> ids = new TreeSet<>();
        for (Address a : v.getMembers()) ids.add(nodeId(a));
        ClusterView next = ClusterView.of(v.getViewId().toString(), v.getViewId().getId(), ids, configured, inspectors, buckets, selfId);
        ClusterView prev = view;
        view = next;
        ownBuckets.accept(next.owned());
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

    public int ownedBuckets() { return view.owned().length; }

    public boolean quorum() { return view.quorum(); }

    /** A node's load (requests in flight): this node's own now, or what the peer announced last. */
    public int load(String nodeId) {
        if (nodeId.equals(selfId)) return (int) ownLoad.getAsLong();
        return peerLoads.load(nodeId);
    }

    /** Leaves the group (the others see a clean leave) and owns nothing any more. */
    @Override
    public void close() {
        if (channel != null) channel.close();
    }
}
