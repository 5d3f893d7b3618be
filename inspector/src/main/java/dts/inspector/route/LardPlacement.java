package dts.inspector.route;

import dts.hashring.Keys;
import dts.inspector.http.RequestHead;

/**
 * LARD (Pai et al., ASPLOS 1998) without shared per-path state: a path's home is its first choice in
 * the rendezvous order over the live members, and it stays there while the home's load is moderate.
 * It leaves only when the home is over {@code loadHigh} and some member is under {@code loadLow}
 * (then the first such member in the path's own rendezvous order takes it), or when the home is at
 * {@code 2 * loadHigh} (then the least loaded member, ties broken by that order). Because the spill
 * also follows the path's hash order, a hot path gains a stable second home, as in LARD/R, and every
 * inspector decides alike from the same loads. At low load a path is always served by its home.
 */
final class LardPlacement implements Placement {
    private final int loadLow;
    private final int loadHigh;

    LardPlacement(int loadLow, int loadHigh) {
        this.loadLow = loadLow;
        this.loadHigh = loadHigh;
    }

    @Override
    public String place(LiveSet live, RequestHead head, String clientAddress, LoadView load) {
        long hash = Keys.hash(head.path());
        String home = live.pick(hash, 0);
        int homeLoad = load.load(home);
        int n = live.size();
        if (n == 1 || homeLoad <= loadHigh) {
            return home;
        }
        for (int attempt = 1; attempt < n; attempt++) {
            String node = live.pick(hash, attempt);
            if (load.load(node) < loadLow) {
                return node;
            }
        }
        if (homeLoad < 2 * loadHigh) {
            return home;
        }
        String best = home;
        int bestLoad = homeLoad;
        for (int attempt = 1; attempt < n; attempt++) {
            String node = live.pick(hash, attempt);
            int l = load.load(node);
            if (l < bestLoad) {
                best = node;
                bestLoad = l;
            }
        }
        return best;
    }
}
