package dts.hashring;

import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;

/** Validation of member lists and the per-node seeds of rendezvous hashing. */
final class NodeIds {
    private NodeIds() {
    }

    /** Returns the ids sorted (so that the input order never matters), or throws on an invalid list. */
    static String[] sorted(Collection<String> nodeIds) {
        if (nodeIds == null) {
            throw new HashRingException("nodeIds: null (expected: at least one node)");
        }
        String[] ids = new String[nodeIds.size()];
        int i = 0;
        for (String id : nodeIds) {
            if (id == null || id.isEmpty()) {
                throw new HashRingException("nodeIds: " + (id == null ? "null" : "\"\"")
                        + " at index " + i + " (expected: non-empty id)");
            }
            ids[i++] = id;
        }
        if (ids.length == 0) {
            throw new HashRingException("nodeIds: [] (expected: at least one node)");
        }
        Arrays.sort(ids);
        for (int j = 1; j < ids.length; j++) {
            if (ids[j].equals(ids[j - 1])) {
                throw new HashRingException("nodeIds: \"" + ids[j] + "\" twice (expected: unique ids)");
            }
        }
        return ids;
    }

    /** The seed of a node: murmur3_128 of its id in UTF-8, computed once per table or picker. */
    static long[] seeds(String[] sortedIds) {
        long[] seeds = new long[sortedIds.length];
        for (int i = 0; i < seeds.length; i++) {
            seeds[i] = Hashing.murmur3_128().hashString(sortedIds[i], StandardCharsets.UTF_8).asLong();
        }
        return seeds;
    }

    /** Weight of (node, key) in rendezvous hashing; the highest weight wins. */
    static long weight(long nodeSeed, long key) {
        return Murmur3.hash(nodeSeed, key);
    }
}
