package dts.inspector.route;

import dts.hashring.Keys;
import dts.inspector.http.RequestHead;

/**
 * LARD (Pai et al., ASPLOS 1998) without shared per-path state: a path's home is its first choice in
 * the rendezvous order over the live members, and it stays there while the home's load is moderate.
 * It leaves only when the home is over {@code loadHigh} and some member is under {@code loadLow}
 * (then the first such member in the path's own rendezvous order takes it), or when the home is at
 * {@code 2 * loadHigh} (then the least loaded member, ties broken by that order, if that member is
 * itself not over {@code loadHigh}: when every member is, moving a path only trades a cache hit at
 * home for a miss elsewhere, which is how a disk-bound cluster collapses; Pai et al. avoid that
 * state by bounding the load the front end admits). Because the spill
 * also follows the path's hash order, a hot path gains a stable second home, as in LARD/R, and every
 * inspector decides alike from the same loads. At low load a path is always served by its home.
 *
 * <p>A request stays on the node that holds its connection, rather than moving it, when that node
 * is a live member whose page cache holds the whole file, unless LARD's choice is lightly loaded and
 * this node much busier ({@link #staysOn}): the node is then one of the path's servers, as in
 * LARD/R's server sets (extended LARD, Aron et al., USENIX 1999), and connections do not gather on
 * the nodes that cache the most. When at most {@code replicateMaxBytes} of the file are missing
 * there, the node is asked to replicate it ({@link LocalCache#replicate}: read it into its cache in
 * the background if it is hot there), so a small hot file ends up cached, and served, wherever
 * connections are. With {@code replicateIntoFreeMemory}, a hot file of any size is read in too
 * while the node's memory can cache what is missing without evicting anything
 * ({@link LocalCache#roomBytes}): a cluster whose caches outgrow the file set then serves nearly every
 * hot request where its connection is, without hand-offs, and LARD's partition takes over once the
 * caches are full. Only hot files: a file asked for now and then is served by its home, so at low
 * load a URL is served by one node. The client never waits for that read; a path
 * cached nowhere but its home goes home.
 */
final class LardPlacement implements Placement {
    /** Requests in flight a node may hold beyond twice a lightly loaded choice's and still keep a request. */
    static final int STAY_SLACK = 8;

    /**
     * Whether a node with {@code here} requests in flight keeps a request whose file it caches, when
     * LARD's choice has {@code there} (both {@link LoadView#steadyLoad averages}, not samples: loads
     * of a few tens change by tens between samples, and moving on that noise costs a hand-off each).
     * It gives the request up only when the choice is lightly loaded (under {@code loadLow}, LARD's
     * own condition for taking another node's work) and this node holds more than twice the
     * choice's load plus {@value #STAY_SLACK}: connections then do not gather on the nodes that cache
     * the most. Between two busy nodes a move only adds a hand-off to both: it stays.
     */
    static boolean staysOn(int here, int there, int loadLow) {
        return there >= loadLow || here <= 2 * there + STAY_SLACK;
    }

    private final int loadLow;
    private final int loadHigh;
    private final long replicateMaxBytes;
    private final boolean replicateIntoFreeMemory;

    LardPlacement(int loadLow, int loadHigh, long replicateMaxBytes, boolean replicateIntoFreeMemory) {
        this.loadLow = loadLow;
        this.loadHigh = loadHigh;
        this.replicateMaxBytes = replicateMaxBytes;
        this.replicateIntoFreeMemory = replicateIntoFreeMemory;
    }

    @Override
    public String place(LiveSet live, RequestHead head, String clientAddress, LoadView load, LocalCache here) {
        String chosen = place(live, head, clientAddress, load);
        String self = here.nodeId();
        if (replicateMaxBytes < 0 || self == null || chosen.equals(self) || !live.contains(self)) {
            return chosen;
        }
        long miss = here.missBytes(head.path());
        if (miss == 0 && staysOn(load.steadyLoad(self), load.steadyLoad(chosen), loadLow)) return self;
        if (miss > 0 && replicateMaxBytes > 0
                && (miss <= replicateMaxBytes || replicateIntoFreeMemory && miss <= here.roomBytes())) {
            here.replicate(head.path());
        }
        return chosen;
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
        return bestLoad <= loadHigh ? best : home;
    }
}
