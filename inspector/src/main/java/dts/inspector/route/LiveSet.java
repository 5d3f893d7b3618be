package dts.inspector.route;

import dts.hashring.NodePicker;

/** The live members of a pool at one moment, in pool order, and a rendezvous picker over them. */
final class LiveSet {
    static final LiveSet EMPTY = new LiveSet(new String[0]);

    private final String[] nodes;
    private final NodePicker picker;

    LiveSet(String[] nodes) {
        this.nodes = nodes;
        this.picker = nodes.length == 0 ? null : NodePicker.rendezvous(java.util.List.of(nodes));
    }

    int size() {
        return nodes.length;
    }

    /** The member at {@code index} in pool order. */
    String node(int index) {
        return nodes[index];
    }

    /** Whether {@code nodeId} is a live member. */
    boolean contains(String nodeId) {
        for (String n : nodes) {
            if (n.equals(nodeId)) return true;
        }
        return false;
    }

    /** Rendezvous order of the live members for a key hash (attempt 0 is the key's first choice). */
    String pick(long hash, int attempt) {
        return picker.pick(hash, attempt);
    }
}
