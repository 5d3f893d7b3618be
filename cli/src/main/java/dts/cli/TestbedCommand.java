package dts.cli;

import dts.testbed.NodeHandle;
import dts.testbed.Testbed;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code ./dts testbed up|down}: the local single-IP cluster in network namespaces. */
@Command(name = "testbed", description = "Bring the local single-IP cluster (network namespaces) up or down.",
        subcommands = {TestbedCommand.Up.class, TestbedCommand.Down.class, TestbedCommand.Node.class})
final class TestbedCommand implements Runnable {
    @Override
    public void run() {
        picocli.CommandLine.usage(this, System.out);
    }

    @Command(name = "up", description = "Build the cluster and start a node daemon in every node namespace (re-running is safe).")
    static final class Up implements Callable<Integer> {
        @Option(names = "--nodes", defaultValue = "4", description = "number of nodes (default: ${DEFAULT-VALUE})")
        int nodes;

        @Option(names = "--docroot", description = "directory to serve (copied per node); default: a generated file set")
        Path docroot;

        @Option(names = "--backend", defaultValue = "embedded", description = "embedded | nginx | nginx_unix (nginx on its Unix socket) (default: ${DEFAULT-VALUE})")
        Testbed.Backend backend;

        @Option(names = "--config", description = "config file with pools and rules; cluster and nodes are filled in when missing")
        Path config;

        @Option(names = "--state-dir", defaultValue = StateDir.DEFAULT, description = "state directory (default: ${DEFAULT-VALUE})")
        Path stateDir;

        @Override
        public Integer call() {
            Testbed tb = Testbed.up(Testbed.Options.builder(stateDir).nodes(nodes).docroot(docroot)
                    .backend(backend).configFile(config).build());
            System.out.println("testbed up: " + nodes + " nodes, VIP " + tb.vip() + ":" + tb.port() + ", client namespace "
                    + tb.clientNamespace() + ", backend " + backend.name().toLowerCase());
            for (NodeHandle n : tb.nodes()) {
                System.out.println("  " + n.id() + "  ns " + n.namespace() + "  internal " + n.internalAddress() + "  pid " + n.pid()
                        + "  log " + n.log());
            }
            System.out.println("try: ip netns exec " + tb.clientNamespace() + " curl -si http://" + tb.vip() + "/files/1KiB.bin | head; ./dts status");
            return 0;
        }
    }

    @Command(name = "down", description = "Remove every namespace, bridge, process and file the testbed made.")
    static final class Down implements Callable<Integer> {
        @Option(names = "--state-dir", defaultValue = StateDir.DEFAULT, description = "state directory (default: ${DEFAULT-VALUE})")
        Path stateDir;

        @Override
        public Integer call() {
            Testbed.downAll(stateDir);
            System.out.println("testbed down");
            return 0;
        }
    }

    @Command(name = "node", description = "A failure drill on one node: kill, freeze, thaw, isolate, heal, stop or start its daemon; web-kill or web-start its nginx.")
    static final class Node implements Callable<Integer> {
        @picocli.CommandLine.Parameters(index = "0", paramLabel = "NODE", description = "node1, node2, …")
        String node;

        @picocli.CommandLine.Parameters(index = "1", paramLabel = "ACTION",
                description = "kill (SIGKILL), freeze (SIGSTOP), thaw (SIGCONT), isolate / heal (internal link down / up), "
                        + "stop (SIGTERM: orderly stop), start (the daemon again), web-kill / web-start (its nginx)")
        String action;

        @Option(names = "--state-dir", defaultValue = StateDir.DEFAULT, description = "state directory (default: ${DEFAULT-VALUE})")
        Path stateDir;

        @Override
        public Integer call() {
            System.out.println(dts.testbed.NodeDrill.run(stateDir, node, dts.testbed.NodeDrill.Action.parse(action)));
            return 0;
        }
    }
}
