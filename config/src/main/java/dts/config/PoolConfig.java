package dts.config;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One pool: the nodes a rule may send requests to, and how one of them is picked.
 *
 * @param name the pool name ({@value #ALL} is every node)
 * @param nodes the member node ids, in file order
 * @param policy how a member is picked
 * @param loadFactor the bound of {@link Policy#BOUNDED_HASH} ({@code >= 1.0}); 0 for other policies
 * @param loadLow {@link Policy#LOCALITY}: requests in flight under which a node takes another's paths
 * @param loadHigh {@link Policy#LOCALITY}: requests in flight over which a path may leave its home
 * @param replicateMaxBytes {@link Policy#LOCALITY}: a request stays on the node that holds its
 *        connection when that node's page cache holds the whole file; a file hot there with at most
 *        this many bytes missing is read into that cache in the background, so later requests stay
 *        (0: stay on whole files, never replicate; -1: neither, plain LARD); -1 for other policies
 * @param replicateIntoFreeMemory {@link Policy#LOCALITY} with {@code replicateMaxBytes > 0}: a hot file
 *        a node misses, of any size, is read into its cache while its memory can hold what
 *        is missing without evicting anything (so a cluster whose caches are larger than its file set
 *        serves nearly every request where its connection is); false for other policies
 */
public record PoolConfig(String name, List<String> nodes, Policy policy, double loadFactor, int loadLow, int loadHigh,
                         long replicateMaxBytes, boolean replicateIntoFreeMemory) {
    /** The implicit pool of every node. */
    public static final String ALL = "all";
    /** The load factor of a bounded-hash pool that gives none (HAProxy recommends 125 to 200 %). */
    public static final double DEFAULT_LOAD_FACTOR = 1.25;
    /** LARD's thresholds as usually cited (T_low 25, T_high 65), here in requests in flight per node. */
    public static final int DEFAULT_LOAD_LOW = 25;
    public static final int DEFAULT_LOAD_HIGH = 65;
    /**
     * LARD/R replicates hot targets; here a node replicates a hot file by reading it into its own
     * page cache in the background when at most 32 KiB of it is missing (one read, inside one
     * readahead window): small hot files (pages, icons) end up cached on every node and served where
     * the client's connection is, while large files stay with the node whose cache holds them.
     */
    public static final long DEFAULT_REPLICATE_MAX_BYTES = 32 * 1024;
    /** {@link #replicateMaxBytes}: off. */
    public static final long REPLICATE_OFF = -1;

    public PoolConfig {
        requireNonNull(name, "name");
        nodes = List.copyOf(nodes);
        requireNonNull(policy, "policy");
        if (policy == Policy.BOUNDED_HASH ? loadFactor < 1.0 : loadFactor != 0.0) {
            throw new IllegalArgumentException("loadFactor: " + loadFactor + " (expected: "
                    + (policy == Policy.BOUNDED_HASH ? ">= 1.0" : "0 for policy " + policy) + ")");
        }
        if (policy == Policy.LOCALITY ? loadLow < 0 || loadHigh <= loadLow : loadLow != 0 || loadHigh != 0) {
            throw new IllegalArgumentException("loadLow, loadHigh: " + loadLow + ", " + loadHigh + " (expected: "
                    + (policy == Policy.LOCALITY ? "0 <= loadLow < loadHigh" : "0, 0 for policy " + policy) + ")");
        }
        if (policy == Policy.LOCALITY ? replicateMaxBytes < REPLICATE_OFF : replicateMaxBytes != REPLICATE_OFF) {
            throw new IllegalArgumentException("replicateMaxBytes: " + replicateMaxBytes + " (expected: "
                    + (policy == Policy.LOCALITY ? ">= -1" : "-1 for policy " + policy) + ")");
        }
        if (replicateIntoFreeMemory && policy != Policy.LOCALITY) {
            throw new IllegalArgumentException("replicateIntoFreeMemory: true (expected: false for policy " + policy + ")");
        }
    }

    /** A LARD ({@link Policy#LOCALITY}) pool with the given thresholds and the default local miss. */
    public static PoolConfig locality(String name, List<String> nodes, int loadLow, int loadHigh) {
        return new PoolConfig(name, nodes, Policy.LOCALITY, 0, loadLow, loadHigh, DEFAULT_REPLICATE_MAX_BYTES, true);
    }

    /** A LARD ({@link Policy#LOCALITY}) pool with the default thresholds. */
    public static PoolConfig locality(String name, List<String> nodes) {
        return locality(name, nodes, DEFAULT_LOAD_LOW, DEFAULT_LOAD_HIGH);
    }

    /** A pool of a policy without parameters (round-robin, least-connections, client-hash). */
    public static PoolConfig of(String name, List<String> nodes, Policy policy) {
        return new PoolConfig(name, nodes, policy, 0, 0, 0, REPLICATE_OFF, false);
    }
}
