package dts.testbed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import dts.config.KeyFiles;
import java.util.concurrent.TimeUnit;

import static dts.testbed.TestbedNames.*;

/** What runs on the built network: docroot copies, nginx per node, config.yaml, node daemons. */
final class TestbedStartup {
    /** Port of the hub check's SYN: nothing listens there, so it cannot disturb anything. */
    static final int PROBE_PORT = 9;
    private static final long NGINX_WAIT_MILLIS = 10_000;
    private static final long DAEMON_WAIT_SECONDS = 20;
    private static final long DAEMON_WAIT_SECONDS_PER_EXTRA_NODE = 3;

    private TestbedStartup() {}

    static List<NodeHandle> start(Testbed.Options o) throws IOException {
        Path state = o.stateDir();
        TestbedHooks hooks = o.hooks();
        Path source = o.docroot();
        if (source == null && hooks.prebuiltDocroots() == null) {
            source = state.resolve(StateFiles.GENERATED_WWW);
            Docroots.generate(source);
        }
        List<ConfigYaml.NodeEntry> entries = new ArrayList<>();
        List<Long> backendPids = new ArrayList<>();
        for (int i = 1; i <= o.nodes(); i++) {
            String id = nodeId(i);
            Path www = nodeDocroot(o, id, source);
            boolean nginx = o.backend().nginx();
            backendPids.add(nginx ? startNginx(o, i, www) : -1L);
            String url = !nginx ? null : o.backend() == Testbed.Backend.NGINX_UNIX
                    ? "unix:" + NginxBackend.socket(StateFiles.nginxDir(state, id)) : NginxBackend.URL;
            entries.add(new ConfigYaml.NodeEntry(id, internalAddr(i), www, url));
        }
        String user = o.configFile() == null ? null : Files.readString(o.configFile());
        Path config = state.resolve(StateFiles.CONFIG);
        // one fresh cluster key per testbed (membership, control links, admin changes)
        KeyFiles.writeNew(StateFiles.clusterKey(state), true);
        Map<String, String> clusterKeys = new HashMap<>(hooks.clusterKeys());
        clusterKeys.put("key-file", ConfigYaml.quote(StateFiles.clusterKey(state).toString()));
        Files.writeString(config, ConfigYaml.render(entries, user, clusterKeys));
        List<Path> daemonConfigs = List.of(config);
        if (o.configFile() != null) {
            // daemons read the generated blocks plus the user's own file, so that edits of it reload live
            Path base = state.resolve(StateFiles.CONFIG_BASE);
            Files.writeString(base, ConfigYaml.renderBase(entries, user, clusterKeys));
            daemonConfigs = List.of(base, o.configFile().toAbsolutePath());
        }
        return o.startDaemons() ? startDaemons(o, daemonConfigs, backendPids) : handles(o, null, backendPids);
    }

    /** stateDir/nodeI/www (a fresh copy of {@code source}), or the prebuilt copy the hooks name. */
    private static Path nodeDocroot(Testbed.Options o, String id, Path source) {
        if (o.hooks().prebuiltDocroots() == null) {
            Path www = StateFiles.nodeWww(o.stateDir(), id);
            Docroots.copy(source, www);
            Docroots.dropFromPageCache(www); // a node starts cold, as after boot: its cache holds what it served
            return www;
        }
        Path www = o.hooks().prebuiltDocroot(id);
        if (!Files.isDirectory(www)) throw new TestbedException("prebuilt docroot of " + id + " missing: " + www);
        return www;
    }

    private static long startNginx(Testbed.Options o, int i, Path www) {
        String id = nodeId(i);
        Path dir = StateFiles.nginxDir(o.stateDir(), id);
        List<String> cmd = List.of(NginxBackend.prepare(dir, www, o.hooks().nginxOnAllAddresses(), o.hooks().nginxAioThreads(), id));
        try {
            Files.write(StateFiles.nginxCommand(o.stateDir(), id), cmd); // for NodeDrill's web-start
        } catch (IOException e) {
            throw new TestbedException("cannot write the web server command of " + id + ": " + e.getMessage(), e);
        }
        Process p = Processes.start(nodeNs(i), cmd, dir.resolve("stdout.log"), StateFiles.nginxPid(o.stateDir(), id),
                id, o.hooks().processWrapper());
        long deadline = System.currentTimeMillis() + NGINX_WAIT_MILLIS;
        while (!NginxBackend.listening(nodeNs(i))) {
            if (!p.isAlive() || System.currentTimeMillis() > deadline) {
                throw new TestbedException("nginx of " + id + " is not listening on " + NginxBackend.URL + "; "
                        + dir.resolve("error.log") + ":\n" + Processes.tail(dir.resolve("error.log"))
                        + "\n" + Processes.tail(dir.resolve("stdout.log")));
            }
            sleepMillis(50);
        }
        return p.pid();
    }

    private static List<NodeHandle> startDaemons(Testbed.Options o, List<Path> config, List<Long> backendPids) {
        List<Process> started = new ArrayList<>();
        for (int i = 1; i <= o.nodes(); i++) {
            String id = nodeId(i);
            List<String> cmd = DaemonCommand.of(o.mainClass(), config, id, o.hooks().daemonJvmOptions());
            try {
                Files.write(StateFiles.daemonCommand(o.stateDir(), id), cmd); // for NodeDrill's start
            } catch (IOException e) {
                throw new TestbedException("cannot write the command of " + id + ": " + e.getMessage(), e);
            }
            started.add(Processes.start(nodeNs(i), cmd, StateFiles.daemonLog(o.stateDir(), id), StateFiles.daemonPid(o.stateDir(), id),
                    id, o.hooks().processWrapper()));
        }
        long waitSeconds = DAEMON_WAIT_SECONDS + DAEMON_WAIT_SECONDS_PER_EXTRA_NODE * Math.max(0, o.nodes() - 2);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(waitSeconds);
        List<NodeHandle> handles = handles(o, started, backendPids);
        for (int i = 0; i < handles.size(); i++) {
            NodeHandle h = handles.get(i);
            DaemonReadiness.await(h.id(), started.get(i), h.statusUrl(), h.log(), deadline, o.nodes());
        }
        return handles;
    }

    private static List<NodeHandle> handles(Testbed.Options o, List<Process> daemons, List<Long> backendPids) {
        List<NodeHandle> handles = new ArrayList<>();
        for (int i = 1; i <= o.nodes(); i++) {
            String id = nodeId(i);
            long pid = daemons == null ? -1 : daemons.get(i - 1).pid();
            handles.add(new NodeHandle(id, nodeNs(i), internalAddr(i), pid, backendPids.get(i - 1),
                    StateFiles.daemonLog(o.stateDir(), id)));
        }
        return handles;
    }

    private static void sleepMillis(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TestbedException("interrupted", e);
        }
    }
}
