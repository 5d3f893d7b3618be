package dts.inspector.route;

import dts.hashring.Keys;
import dts.inspector.http.RequestHead;

/**
 * Consistent hashing with bounded load, HAProxy's {@code hash-balance-factor}: the normalized path's
 * rendezvous order over the live members, skipping a member that already holds its share. With
 * {@code n} live members holding {@code total} requests in flight, a member may take this one while
 * {@code load + 1 <= ceil((total + 1) * loadFactor / n)}; when none may, the path's first choice takes it.
 */
final class BoundedHashPlacement implements Placement {
    private final double loadFactor;

    BoundedHashPlacement(double loadFactor) {
        this.loadFactor = loadFactor;
    }

    @Override
    public String place(LiveSet live, RequestHead head, String clientAddress, LoadView load) {
        long hash = Keys.hash(head.path());
        String first = live.pick(hash, 0);
        int n = live.size();
        int firstLoad;
        // The capacity is always >= 1, so an idle first choice needs no totals.
        if (n == 1 || (firstLoad = load.load(first)) == 0) {
            return first;
        }
        long total = 0;
        for (int i = 0; i < n; i++) {
            total += load.load(live.node(i));
        }
        long capacity = capacity(total, n, loadFactor);
        if (firstLoad < capacity) {
            return first;
        }
        for (int attempt = 1; attempt < n; attempt++) {
            String node = live.pick(hash, attempt);
            if (load.load(node) < capacity) {
                return node;
            }
        }
        return first;
    }

    /** {@code ceil((total + 1) / n * loadFactor)}, robust to the rounding of the product. */
    static long capacity(long total, int n, double loadFactor) {
        return (long) Math.ceil((total + 1) * loadFactor / n - 1e-9);
    }
}
