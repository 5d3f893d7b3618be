package dts.testbed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import static dts.testbed.TestbedNames.*;

/**
 * A hub-mode single-IP cluster on one host (DESIGN.md section 2): namespaces {@code dts-client} and
 * {@code dts-node1..N}, hub bridge {@code dts-hub}, internal bridge {@code dts-int}, one node daemon
 * (and optionally one nginx) per node namespace, all state under {@code stateDir}.
 */
public final class Testbed {
    /**
     * What serves on each node: the embedded server; a local nginx that the daemon reaches over loopback
     * TCP ({@code backend: http://127.0.0.1:8080}); or the same nginx reached on its Unix socket
     * ({@code backend: unix:…/nginx.sock}). nginx listens on both either way.
     */
    public enum Backend {
        EMBEDDED, NGINX, NGINX_UNIX;

        /** A local nginx, reached either way. */
        public boolean nginx() { return this != EMBEDDED; }
    }

    /**
     * @param nodes        1..200 node namespaces
     * @param docroot      copied into every node; null: a generated, seeded file set
     * @param backend      what serves on each node: the embedded server or a local nginx
     * @param configFile   user config (pools, rules); null: generated; cluster/nodes added when missing
     * @param stateDir     config, logs, pid files, per-node docroots
     * @param startDaemons false: network (and nginx) only, for tests of the network itself
     * @param mainClass    the daemon's main class (tests may substitute a stand-in)
     * @param hooks        benchmark extras (cgroup wrapper, prebuilt docroots, front namespace, …)
     */
    public record Options(int nodes, Path docroot, Backend backend, Path configFile, Path stateDir,
                          boolean startDaemons, String mainClass, TestbedHooks hooks) {
        public Options {
            if (nodes < 1 || nodes > MAX_NODES) throw new IllegalArgumentException("nodes: " + nodes + " (expected: 1.." + MAX_NODES + ")");
            Objects.requireNonNull(backend, "backend");
            Objects.requireNonNull(stateDir, "stateDir");
            Objects.requireNonNull(mainClass, "mainClass");
            Objects.requireNonNull(hooks, "hooks");
            stateDir = stateDir.toAbsolutePath();
        }

        public Options(int nodes, Path docroot, Backend backend, Path configFile, Path stateDir,
                       boolean startDaemons, String mainClass) {
            this(nodes, docroot, backend, configFile, stateDir, startDaemons, mainClass, TestbedHooks.NONE);
        }

        public Options(int nodes, Path docroot, Backend backend, Path configFile, Path stateDir) {
            this(nodes, docroot, backend, configFile, stateDir, true, DaemonCommand.DEFAULT_MAIN_CLASS);
        }

        public static Builder builder(Path stateDir) { return new Builder(stateDir); }
    }

    public static final class Builder {
        private final Path stateDir;
        private int nodes = 3;
        private Path docroot;
        private Backend backend = Backend.EMBEDDED;
        private Path configFile;
        private boolean startDaemons = true;
        private String mainClass = DaemonCommand.DEFAULT_MAIN_CLASS;
        private TestbedHooks hooks = TestbedHooks.NONE;

        private Builder(Path stateDir) { this.stateDir = stateDir; }

        public Builder nodes(int n) { nodes = n; return this; }
        public Builder docroot(Path p) { docroot = p; return this; }
        public Builder backend(Backend b) { backend = b; return this; }
        public Builder configFile(Path p) { configFile = p; return this; }
        public Builder startDaemons(boolean on) { startDaemons = on; return this; }
        public Builder mainClass(String c) { mainClass = c; return this; }
        public Builder hooks(TestbedHooks h) { hooks = h; return this; }
        public Options build() { return new Options(nodes, docroot, backend, configFile, stateDir, startDaemons, mainClass, hooks); }
    }

    private final Options options;
    private final List<NodeHandle> nodes;

    private Testbed(Options options, List<NodeHandle> nodes) {
        this.options = options;
        this.nodes = List.copyOf(nodes);
    }

    /** Tears down whatever testbed exists, then builds this one; on failure stops what it started. */
    public static Testbed up(Options options) {
        Preflight.check(options);
        TestbedLock.acquire();
        downAll(options.stateDir());
        try {
            Files.createDirectories(options.stateDir());
            HubNetwork.build(options.nodes(), options.hooks().frontNamespace(), options.hooks().floodOnlyToCluster());
            HubProbe.requireFlooding(nodeNamespaces(options.nodes()), TestbedStartup.PROBE_PORT);
            return new Testbed(options, TestbedStartup.start(options));
        } catch (IOException e) {
            stopAll(options.stateDir());
            throw new TestbedException("cannot create " + options.stateDir() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            stopAll(options.stateDir()); // keep files: the logs say what went wrong
            throw e;
        }
    }

    /** A folder to copy the node and front logs into before {@link #down()} removes them (for a test run to be read later). */
    public static final String KEEP_LOGS_PROPERTY = "dts.testbed.keepLogsIn";

    /** Removes every namespace, bridge, process and file this testbed made. */
    public void down() {
        downAll(options.stateDir());
        TestbedLock.release();
    }

    /** {@link #down()} for a testbed started by another process (e.g. {@code ./dts testbed down}). */
    public static void downAll(Path stateDir) {
        stopAll(stateDir);
        StateFiles.keepLogs(stateDir.toAbsolutePath(), System.getProperty(KEEP_LOGS_PROPERTY));
        StateFiles.remove(stateDir.toAbsolutePath());
    }

    private static void stopAll(Path stateDir) {
        Preflight.requireRoot();
        Processes.stopRecorded(stateDir.toAbsolutePath());
        HubNetwork.teardown();
    }

    public List<NodeHandle> nodes() { return nodes; }

    /** A failure drill on one node ({@link NodeDrill}); returns what it did. */
    public String drill(String nodeId, NodeDrill.Action action) { return NodeDrill.run(options.stateDir(), nodeId, action); }

    /** The pid of a node's daemon now (it changes when a drill starts it again). */
    public long daemonPid(String nodeId) {
        try {
            return Long.parseLong(java.nio.file.Files.readString(StateFiles.daemonPid(options.stateDir(), nodeId)).trim());
        } catch (java.io.IOException | NumberFormatException e) {
            return -1;
        }
    }

    public Options options() { return options; }

    public Path configFile() { return options.stateDir().resolve(StateFiles.CONFIG); }

    /**
     * Where {@link #up} writes the testbed's cluster key (a fresh one each time): a user config with its
     * own {@code cluster:} block names it as {@code key-file}.
     */
    public static Path keyFile(Path stateDir) { return StateFiles.clusterKey(stateDir.toAbsolutePath()); }

    public String clientNamespace() { return CLIENT_NS; }

    /** TCP segments the client's namespace has retransmitted so far (RetransSegs). */
    public long clientRetransmissions() { return TcpCounters.read(CLIENT_NS, "RetransSegs"); }

    public String vip() { return VIP; }

    public int port() { return SERVICE_PORT; }

    /** The front namespace's service address (only with {@link TestbedHooks#frontNamespace()}). */
    public String frontAddress() { return FRONT_ADDR; }

    /**
     * Starts a long-running process in the front namespace (through the hooks' process wrapper, owner
     * {@link TestbedNames#FRONT_ID}); its output goes to stateDir/front.log; {@link #down()} stops it.
     */
    public Process startFront(List<String> command) {
        if (!options.hooks().frontNamespace()) throw new TestbedException("no front namespace: build the testbed with TestbedHooks.frontNamespace");
        return Processes.start(FRONT_NS, command, StateFiles.frontLog(options.stateDir()), StateFiles.frontPid(options.stateDir()),
                FRONT_ID, options.hooks().processWrapper());
    }

    /** stateDir/front/: a place for the front proxy's config and temp files (removed by {@link #down()}). */
    public Path frontDir() { return StateFiles.frontDir(options.stateDir()); }

    /** The front process's output (stateDir/front.log). */
    public Path frontLog() { return StateFiles.frontLog(options.stateDir()); }

    static List<String> nodeNamespaces(int n) {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= n; i++) names.add(nodeNs(i));
        return names;
    }
}
