package dts.testbed;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a benchmark changes in the classic testbed; {@link #NONE} changes nothing.
 *
 * @param processWrapper      applied to every node daemon and nginx command (e.g. join the node's cgroups)
 * @param prebuiltDocroots    null: copy the docroot into stateDir/nodeI/www; else node I serves
 *                            {@code prebuiltDocroots/nodeI} in place (kept across testbeds, never deleted)
 * @param nginxOnAllAddresses nginx listens on 0.0.0.0:8080 (reachable at the node's internal address from
 *                            the front namespace) instead of 127.0.0.1:8080; daemons still use 127.0.0.1
 * @param frontNamespace      also build {@link TestbedNames#FRONT_NS}: one namespace on the hub with its own
 *                            address and MAC ({@link TestbedNames#FRONT_ADDR}) and on the internal bridge
 *                            ({@link TestbedNames#FRONT_INTERNAL_ADDR}), for a single front-end proxy
 * @param clusterKeys         extra keys of the generated {@code cluster:} block, e.g. inspectors: [node1]
 *                            (only used when the user config has no cluster block of its own)
 * @param daemonJvmOptions    JVM options of the node daemons instead of the default {@code -Xmx256m}
 *                            (e.g. a fixed, pre-touched heap, so a memory limit leaves a known page cache)
 * @param nginxAioThreads     nginx reads files in a thread pool ({@code aio threads}): a read from a slow
 *                            disk then blocks one transfer, not the whole (single) worker
 * @param floodOnlyToCluster  the hub learns every MAC but the cluster's (learning off on the node ports):
 *                            frames to the VIP still reach every node, frames to the client or the front
 *                            go to that port only, as on a switch with a multicast cluster MAC. Without
 *                            it every response is copied to every node too, and that work (nft drops in
 *                            softirq) is charged to whichever node's processes happen to run
 */
public record TestbedHooks(ProcessWrapper processWrapper, Path prebuiltDocroots, boolean nginxOnAllAddresses,
                           boolean frontNamespace, Map<String, String> clusterKeys, List<String> daemonJvmOptions,
                           boolean nginxAioThreads, boolean floodOnlyToCluster) {
    public static final TestbedHooks NONE = new TestbedHooks(ProcessWrapper.NONE, null, false, false, Map.of(), List.of(), false, false);

    public TestbedHooks {
        Objects.requireNonNull(processWrapper, "processWrapper");
        if (prebuiltDocroots != null) prebuiltDocroots = prebuiltDocroots.toAbsolutePath();
        clusterKeys = Map.copyOf(clusterKeys);
        for (String k : clusterKeys.keySet()) {
            if (!k.matches("[a-z][a-z0-9-]*")) throw new IllegalArgumentException("clusterKeys: '" + k + "' (expected: a config key like inspectors)");
        }
        daemonJvmOptions = List.copyOf(daemonJvmOptions);
        for (String o : daemonJvmOptions) {
            if (!o.startsWith("-")) throw new IllegalArgumentException("daemonJvmOptions: '" + o + "' (expected: an option such as -Xmx192m)");
        }
    }

    public TestbedHooks(ProcessWrapper processWrapper, Path prebuiltDocroots, boolean nginxOnAllAddresses,
                        boolean frontNamespace, Map<String, String> clusterKeys) {
        this(processWrapper, prebuiltDocroots, nginxOnAllAddresses, frontNamespace, clusterKeys, List.of(), false, false);
    }

    public TestbedHooks withProcessWrapper(ProcessWrapper w) {
        return new TestbedHooks(w, prebuiltDocroots, nginxOnAllAddresses, frontNamespace, clusterKeys, daemonJvmOptions, nginxAioThreads, floodOnlyToCluster);
    }

    public TestbedHooks withPrebuiltDocroots(Path p) {
        return new TestbedHooks(processWrapper, p, nginxOnAllAddresses, frontNamespace, clusterKeys, daemonJvmOptions, nginxAioThreads, floodOnlyToCluster);
    }

    public TestbedHooks withNginxOnAllAddresses(boolean on) {
        return new TestbedHooks(processWrapper, prebuiltDocroots, on, frontNamespace, clusterKeys, daemonJvmOptions, nginxAioThreads, floodOnlyToCluster);
    }

    public TestbedHooks withFrontNamespace(boolean on) {
        return new TestbedHooks(processWrapper, prebuiltDocroots, nginxOnAllAddresses, on, clusterKeys, daemonJvmOptions, nginxAioThreads, floodOnlyToCluster);
    }

    public TestbedHooks withClusterKeys(Map<String, String> keys) {
        return new TestbedHooks(processWrapper, prebuiltDocroots, nginxOnAllAddresses, frontNamespace, keys, daemonJvmOptions, nginxAioThreads, floodOnlyToCluster);
    }

    public TestbedHooks withDaemonJvmOptions(List<String> options) {
        return new TestbedHooks(processWrapper, prebuiltDocroots, nginxOnAllAddresses, frontNamespace, clusterKeys, options, nginxAioThreads, floodOnlyToCluster);
    }

    public TestbedHooks withNginxAioThreads(boolean on) {
        return new TestbedHooks(processWrapper, prebuiltDocroots, nginxOnAllAddresses, frontNamespace, clusterKeys, daemonJvmOptions, on, floodOnlyToCluster);
    }

    public TestbedHooks withFloodOnlyToCluster(boolean on) {
        return new TestbedHooks(processWrapper, prebuiltDocroots, nginxOnAllAddresses, frontNamespace, clusterKeys, daemonJvmOptions, nginxAioThreads, on);
    }

    /** Node {@code id}'s document root when {@link #prebuiltDocroots} is set. */
    public Path prebuiltDocroot(String id) { return prebuiltDocroots.resolve(id); }
}
