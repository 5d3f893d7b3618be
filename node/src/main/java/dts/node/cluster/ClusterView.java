package dts.node.cluster;

import dts.hashring.BucketTable;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One agreed view as this node applies it: the JGroups view id (the table version), the configured
 * nodes in it, whether they are a majority of the configured nodes, the bucket table every member
 * derives from them, and this node's share (none without a majority: a minority partition must not
 * answer SYNs that the majority side also answers).
 *
 * @param viewId the view's text form ({@code [coordinator|n]}), for status
 * @param version the view's number, the table version
 * @param drained the members that joined as drained (serving out their connections, owning nothing)
 */
public record ClusterView(String viewId, long version, Set<String> members, Set<String> drained, boolean quorum,
                          BucketTable table, int[] owned) {
    /**
     * @param members node ids in the view (ids outside {@code configured} are ignored)
     * @param inspectors when not empty, only these nodes (if any is in the view) own buckets
     * @param drained members that joined drained: they own no buckets (unless every member is drained)
     */
    static ClusterView of(String viewId, long version, Set<String> members, List<String> configured,
                          Set<String> inspectors, Set<String> drained, int buckets, String selfId) {
        Set<String> known = new TreeSet<>(members);
        known.retainAll(configured);
        known.add(selfId);
        boolean quorum = 2 * known.size() > configured.size();
        Set<String> serving = new TreeSet<>(known);
        serving.removeAll(drained);
        BucketTable table = BucketTable.build(buckets, eligible(serving.isEmpty() ? known : serving, inspectors));
        return new ClusterView(viewId, version, Set.copyOf(known), Set.copyOf(drained), quorum, table,
                quorum ? table.bucketsOf(selfId) : new int[0]);
    }

    /** The view before the first one arrives: this node alone, owning nothing. */
    static ClusterView initial(List<String> configured, Set<String> inspectors, int buckets, String selfId) {
        ClusterView alone = of("(none)", 0, Set.of(selfId), configured, inspectors, Set.of(), buckets, selfId);
        return new ClusterView(alone.viewId, 0, alone.members, Set.of(), false, alone.table, new int[0]);
    }

    /** The live nodes that may inspect: all of them, or the configured inspectors that are live. */
    private static Set<String> eligible(Set<String> live, Set<String> inspectors) {
        if (inspectors.isEmpty()) return live;
        Set<String> e = new TreeSet<>(live);
        e.retainAll(inspectors);
        return e.isEmpty() ? live : e;
    }
}
