package dts.inspector.route;

import dts.hashring.Keys;
import dts.inspector.http.RequestHead;

/**
 * The live member with the fewest active connections; among equals, the first in the normalized
 * path's rendezvous order, so that ties resolve the same way every time (and favour locality).
 */
final class LeastConnectionsPlacement implements Placement {

    @Override
    public String place(LiveSet live, RequestHead head, String clientAddress, LoadView load) {
        int n = live.size();
        int min = Integer.MAX_VALUE;
        int ties = 0;
        String best = null;
        for (int i = 0; i < n; i++) {
            String node = live.node(i);
            int active = load.load(node);
            if (active < min) {
                min = active;
                best = node;
                ties = 1;
            } else if (active == min) {
                ties++;
            }
        }
        if (ties == 1) {
            return best;
        }
        long hash = Keys.hash(head.path());
        for (int attempt = 0; attempt < n; attempt++) {
            String node = live.pick(hash, attempt);
            if (load.load(node) == min) {
                return node;
            }
        }
        return best; // the loads moved under us: any least-loaded member seen will do
    }
}
