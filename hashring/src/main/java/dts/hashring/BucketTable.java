package dts.hashring;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Immutable table of B buckets (the nftables {@code jhash ... mod B}) mapping each bucket to a node id
 * by rendezvous hashing: bucket b goes to the node with the highest murmur3_128(seed(node), b), where
 * seed(node) is murmur3_128 of the stable node id. A pure function of (B, set of node ids): every node
 * computes the same table from the same members, a node's loss moves only its own buckets, and a join
 * moves about B/(N+1) buckets, all to the new node.
 */
public final class BucketTable {
    public static final int DEFAULT_BUCKETS = 4096;
    public static final int MIN_BUCKETS = 64;
    public static final int MAX_BUCKETS = 65536;

    /** A bucket whose owner differs between two tables. */
    public record Move(int bucket, String from, String to) {
    }

    private final String[] ids;
    private final int[] ownerIndex;
    private final int[][] bucketsByNode;

    private BucketTable(String[] ids, int[] ownerIndex, int[][] bucketsByNode) {
        this.ids = ids;
        this.ownerIndex = ownerIndex;
        this.bucketsByNode = bucketsByNode;
    }

    public static BucketTable build(int buckets, Collection<String> nodeIds) {
        if (buckets < MIN_BUCKETS || buckets > MAX_BUCKETS || Integer.bitCount(buckets) != 1) {
            throw new HashRingException("buckets: " + buckets
                    + " (expected: power of two in [" + MIN_BUCKETS + ", " + MAX_BUCKETS + "])");
        }
        String[] ids = NodeIds.sorted(nodeIds);
        long[] seeds = NodeIds.seeds(ids);
        int[] owner = new int[buckets];
        int[] load = new int[ids.length];
        for (int b = 0; b < buckets; b++) {
            int best = 0;
            long bestWeight = NodeIds.weight(seeds[0], b);
            for (int i = 1; i < seeds.length; i++) {
                long w = NodeIds.weight(seeds[i], b);
                if (w > bestWeight) {
                    best = i;
                    bestWeight = w;
                }
            }
            owner[b] = best;
            load[best]++;
        }
        int[][] byNode = new int[ids.length][];
        for (int i = 0; i < ids.length; i++) {
            byNode[i] = new int[load[i]];
            load[i] = 0;
        }
        for (int b = 0; b < buckets; b++) {
            byNode[owner[b]][load[owner[b]]++] = b;
        }
        return new BucketTable(ids, owner, byNode);
    }

    public int buckets() {
        return ownerIndex.length;
    }

    public String owner(int bucket) {
        if (bucket < 0 || bucket >= ownerIndex.length) {
            throw new HashRingException("bucket: " + bucket + " (expected: in [0, " + ownerIndex.length + "))");
        }
        return ids[ownerIndex[bucket]];
    }

    /** The buckets the node owns, ascending; empty for an id that is not a member. */
    public int[] bucketsOf(String nodeId) {
        int i = nodeId == null ? -1 : Arrays.binarySearch(ids, nodeId);
        return i < 0 ? new int[0] : bucketsByNode[i].clone();
    }

    /** Member ids, sorted. */
    public List<String> nodes() {
        return List.of(ids);
    }

    /** The buckets whose owner differs in {@code newer}, ascending by bucket. */
    public List<Move> diff(BucketTable newer) {
        if (newer == null || newer.buckets() != buckets()) {
            throw new HashRingException("newer: " + (newer == null ? "null" : newer.buckets() + " buckets")
                    + " (expected: a table of " + buckets() + " buckets)");
        }
        List<Move> moves = new ArrayList<>();
        for (int b = 0; b < ownerIndex.length; b++) {
            String from = ids[ownerIndex[b]];
            String to = newer.ids[newer.ownerIndex[b]];
            if (!from.equals(to)) {
                moves.add(new Move(b, from, to));
            }
        }
        return List.copyOf(moves);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BucketTable t && t.buckets() == buckets() && Arrays.equals(t.ids, ids);
    }

    @Override
    public int hashCode() {
        return 31 * buckets() + Arrays.hashCode(ids);
    }

    @Override
    public String toString() {
        return "BucketTable{buckets=" + buckets() + ", nodes=" + nodes() + "}";
    }
}
