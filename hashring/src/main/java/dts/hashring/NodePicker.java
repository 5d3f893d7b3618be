package dts.hashring;

import java.util.Collection;

/**
 * Picks a node for a key hash, Envoy style: {@code attempt} 0 is the key's first choice, attempt 1
 * the next in that key's preference order, and so on; the first N attempts name N distinct nodes,
 * then the order wraps. Implementations are immutable and thread-safe.
 */
@FunctionalInterface
public interface NodePicker {

    String pick(long hash, int attempt);

    /**
     * Rendezvous (highest random weight) picker: a key's preference order over the remaining nodes
     * does not change when another node leaves or joins. The order of {@code nodeIds} does not matter.
     */
    static NodePicker rendezvous(Collection<String> nodeIds) {
        return new RendezvousPicker(NodeIds.sorted(nodeIds));
    }
}
