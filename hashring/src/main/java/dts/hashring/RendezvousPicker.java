package dts.hashring;

import java.util.List;

/** Rendezvous hashing over a fixed member list: attempt k is the node with the (k mod N)-th highest weight. */
final class RendezvousPicker implements NodePicker {
    private final String[] ids;
    private final long[] seeds;

    RendezvousPicker(String[] sortedIds) {
        this.ids = sortedIds;
        this.seeds = NodeIds.seeds(sortedIds);
    }

    @Override
    public String pick(long hash, int attempt) {
        if (attempt < 0) {
            throw new HashRingException("attempt: " + attempt + " (expected: >= 0)");
        }
        int rank = attempt % ids.length;
        return ids[rank == 0 ? first(hash) : ranked(hash, rank)];
    }

    private int first(long hash) {
        int best = 0;
        long bestWeight = NodeIds.weight(seeds[0], hash);
        for (int i = 1; i < seeds.length; i++) {
            long w = NodeIds.weight(seeds[i], hash);
            if (w > bestWeight) {
                best = i;
                bestWeight = w;
            }
        }
        return best;
    }

    /** Node of the given rank in the order (weight descending, index ascending): rank + 1 passes. */
    private int ranked(long hash, int rank) {
        long[] weights = new long[seeds.length];
        for (int i = 0; i < seeds.length; i++) {
            weights[i] = NodeIds.weight(seeds[i], hash);
        }
        int prev = -1;
        for (int r = 0; r <= rank; r++) {
            int best = -1;
            for (int i = 0; i < weights.length; i++) {
                boolean belowPrev = prev < 0 || before(weights, prev, i);
                if (belowPrev && (best < 0 || before(weights, i, best))) {
                    best = i;
                }
            }
            prev = best;
        }
        return prev;
    }

    /** True when node a precedes node b in the preference order. */
    private static boolean before(long[] weights, int a, int b) {
        return weights[a] > weights[b] || (weights[a] == weights[b] && a < b);
    }

    @Override
    public String toString() {
        return "NodePicker.rendezvous" + List.of(ids);
    }
}
