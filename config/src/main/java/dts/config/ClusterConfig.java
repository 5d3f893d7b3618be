package dts.config;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

import java.net.Inet4Address;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The {@code cluster} section: addresses, ports, the bucket table and timing, with units in names.
 *
 * @param vip the virtual IPv4 address every node answers on ({@code cluster.vip})
 * @param port the service port on the VIP
 * @param buckets the number of flow buckets (a power of two, 64..65536)
 * @param hashSeed the seed of the flow hash, an unsigned 32-bit value kept in an int
 * @param controlPort the node-to-node hand-off channel, on each node's address
 * @param adminPort the status / reload HTTP port, on each node's address
 * @param handoffTimeoutMillis how long an inspector waits for READY before serving itself
 * @param headTimeoutMillis how long a client may take to send a complete request head
 * @param maxHeadBytes the largest request head accepted
 * @param heartbeatMillis the membership heartbeat period
 * @param nodeDeadAfterMillis silence after which a node is taken as dead
 * @param flowTimeoutSeconds how long a flow accepted by this node's SYN rule stays in {@code @mine}: it covers
 *     the handshake and the request until the accepted socket claims the flow (milliseconds), so it is
 *     short; a stale entry after a bucket moved could let another node's flow reach this node's TCP
 * @param inspectors the nodes that own flow buckets (inspect new connections); empty = every live node.
 *     One entry gives the one-inspector baseline of the scaling benchmark
 * @param membershipPort the group membership (JGroups TCP) port, on each node's address; its failure
 *     detector also listens on {@code membershipPort + 100}
 * @param keyFile the cluster key ({@code dts keygen}): authenticates and encrypts membership, control
 *     links and admin changes; checked when the config is read ({@link ClusterKey})
 * @param mac the cluster MAC every node's service interface carries, lower case ({@code cluster.mac});
 *     the node does not set it, {@code dts preflight} checks it
 * @param health how each node checks its local web server ({@code health-*} keys)
 * @param ioThreads the data-path event loops (epoll threads) of each node ({@code io-threads}); 0, the default,
 *     is one per CPU the node's process may use ({@link #ioThreadsFor}). As HAProxy's {@code nbthread}: a node
 *     with a quarter of a core gains nothing from a second loop but its wake-ups and context switches
 */
public record ClusterConfig(
        Inet4Address vip,
        int port,
        int buckets,
        int hashSeed,
        int controlPort,
        int adminPort,
        long handoffTimeoutMillis,
        long headTimeoutMillis,
        int maxHeadBytes,
        long heartbeatMillis,
        long nodeDeadAfterMillis,
        long flowTimeoutSeconds,
        List<String> inspectors,
        int membershipPort,
        Optional<Path> keyFile,
        Optional<String> mac,
        HealthCheck health,
        int ioThreads) {

    private static final ClusterConfig DEFAULTS = new ClusterConfig(
            Scalars.parseIpv4("198.18.0.10"), 80, 4096, 0x5eed, 7070, 7071,
            500, 10_000, 16_384, 1000, 3000, 2, List.of(), 7072, Optional.empty());

    public ClusterConfig {
        requireNonNull(vip, "vip");
        inspectors = List.copyOf(inspectors);
        requireNonNull(keyFile, "keyFile");
        requireNonNull(mac, "mac");
        requireNonNull(health, "health");
        if (ioThreads < 0) throw new IllegalArgumentException("ioThreads: " + ioThreads + " (expected: >= 0)");
    }

    /** The event loops a node starts: {@code ioThreads}, or when 0 the CPUs it may use ({@code availableCpus}, at least 1). */
    public int ioThreadsFor(int availableCpus) {
        return ioThreads > 0 ? ioThreads : Math.max(1, availableCpus);
    }

    /** With the default health check. */
    public ClusterConfig(Inet4Address vip, int port, int buckets, int hashSeed, int controlPort, int adminPort,
                         long handoffTimeoutMillis, long headTimeoutMillis, int maxHeadBytes, long heartbeatMillis,
                         long nodeDeadAfterMillis, long flowTimeoutSeconds, List<String> inspectors, int membershipPort,
                         Optional<Path> keyFile, Optional<String> mac) {
        this(vip, port, buckets, hashSeed, controlPort, adminPort, handoffTimeoutMillis, headTimeoutMillis,
                maxHeadBytes, heartbeatMillis, nodeDeadAfterMillis, flowTimeoutSeconds, inspectors, membershipPort, keyFile,
                mac, HealthCheck.defaults(), 0);
    }

    /** Without a cluster MAC. */
    public ClusterConfig(Inet4Address vip, int port, int buckets, int hashSeed, int controlPort, int adminPort,
                         long handoffTimeoutMillis, long headTimeoutMillis, int maxHeadBytes, long heartbeatMillis,
                         long nodeDeadAfterMillis, long flowTimeoutSeconds, List<String> inspectors, int membershipPort,
                         Optional<Path> keyFile) {
        this(vip, port, buckets, hashSeed, controlPort, adminPort, handoffTimeoutMillis, headTimeoutMillis,
                maxHeadBytes, heartbeatMillis, nodeDeadAfterMillis, flowTimeoutSeconds, inspectors, membershipPort, keyFile,
                Optional.empty());
    }

    /** The values used for every key the file leaves out. */
    public static ClusterConfig defaults() {
        return DEFAULTS;
    }
}
