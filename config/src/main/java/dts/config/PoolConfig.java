package dts.config;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One pool: the nodes a rule may send requests to, and how one of them is picked.
 *
 * @param name the pool name ({@value #ALL} is every node)
 * @param nodes the member node ids, in file order
 * @param policy how a member is picked
 * @param loadFactor the bound of {@link Policy#LOCALITY} ({@code >= 1.0}); 0 for other policies
 */
public record PoolConfig(String name, List<String> nodes, Policy policy, double loadFactor) {
    /** The implicit pool of every node. */
    public static final String ALL = "all";
    /** The load factor of a locality pool that gives none. */
    public static final double DEFAULT_LOAD_FACTOR = 1.25;

    public PoolConfig {
        requireNonNull(name, "name");
        nodes = List.copyOf(nodes);
        requireNonNull(policy, "policy");
        if (policy == Policy.LOCALITY ? loadFactor < 1.0 : loadFactor != 0.0) {
            throw new IllegalArgumentException("loadFactor: " + loadFactor + " (expected: "
                    + (policy == Policy.LOCALITY ? ">= 1.0" : "0 for policy " + policy) + ")");
        }
    }
}
