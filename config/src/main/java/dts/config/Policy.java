package dts.config;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** How a pool picks one of its live nodes. */
public enum Policy {
    /**
     * LARD (Pai et al., ASPLOS 1998) over a consistent hash: each path has a home node and stays there
     * unless the home is over {@code load-high} requests in flight while another member is under
     * {@code load-low}, or the home is at twice {@code load-high} and the least loaded member is not
     * over {@code load-high}. A request stays on the node that
     * holds its connection when that node's page cache holds the whole file (extended LARD, Aron et
     * al., USENIX 1999); hot files up to {@code replicate-max-bytes}, and of any size while memory is free
     * ({@code replicate-into-free-memory}), are read into it in the background.
     */
    LOCALITY("locality"),
    /** HAProxy's consistent hash with {@code hash-balance-factor}: bounded load ({@code load-factor}). */
    BOUNDED_HASH("bounded-hash"),
    /** Each live node in turn. */
    ROUND_ROBIN("round-robin"),
    /** The live node with the fewest active connections. */
    LEAST_CONNECTIONS("least-connections"),
    /** Consistent hash of the client address: a client sticks to one node. */
    CLIENT_HASH("client-hash");

    private final String configName;

    Policy(String configName) {
        this.configName = configName;
    }

    /** The name used in the config file, e.g. {@code round-robin}. */
    public String configName() {
        return configName;
    }

    public static Optional<Policy> fromConfigName(String name) {
        return Arrays.stream(values()).filter(p -> p.configName.equals(name)).findFirst();
    }

    /** {@code locality, round-robin, ...}: for error messages. */
    static String allConfigNames() {
        return Arrays.stream(values()).map(Policy::configName).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return configName;
    }
}
