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
 *
 * <p>A later request of a kept-alive connection follows extended LARD (Aron et al., USENIX 1999): it
 * stays on the node that holds the connection, rather than moving it, when that node is not over
 * {@code loadHigh} and would read at most {@code localMissBytes} of the file from disk: the file is
 * in its page cache, or small enough that one read costs less than a move (and leaves it cached
 * there). A connection's first request stays on the node that inspects it only when that node
 * holds the whole file in its cache ({@link LocalCache#wholeFilesOf}): it is then one of the path's
 * servers, as in LARD/R's server sets; a path cached nowhere else goes to its home.
 */
final class LardPlacement implements Placement {
    private final int loadLow;
    private final int loadHigh;
    private final long localMissBytes;

    LardPlacement(int loadLow, int loadHigh, long localMissBytes) {
        this.loadLow = loadLow;
        this.loadHigh = loadHigh;
        this.localMissBytes = localMissBytes;
    }

    @Override
    public String place(LiveSet live, RequestHead head, String clientAddress, LoadView load, LocalCache here) {
        String chosen = place(live, head, clientAddress, load);
        String self = here.nodeId();
        if (localMissBytes < 0 || self == null || chosen.equals(self) || !live.contains(self) || load.load(self) > loadHigh) {
            return chosen;
        }
        long miss = here.missBytes(head.path());
        return miss != LocalCache.UNKNOWN && miss <= localMissBytes ? self : chosen;
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
