package dts.cli;

import dts.node.NodeMain;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code dts node run}: one node of a real cluster, in the foreground (systemd's dts-node@ID). */
@Command(name = "node", description = "Run a node of a cluster on this host.", subcommands = NodeCommand.Run.class)
final class NodeCommand implements Runnable {
    @Override
    public void run() {
        picocli.CommandLine.usage(this, System.out);
    }

    @Command(name = "run", description = {
        "Run node ID of the cluster in FILE in the foreground until SIGTERM (as the testbed runs its nodes).",
        "Needs root; check the host first with: dts preflight --config FILE --id ID"})
    static final class Run implements Callable<Integer> {
        @Option(names = "--config", required = true, paramLabel = "FILE",
                description = "config file (YAML), e.g. /etc/dts/dts.yaml; repeat to read several files as one")
        List<Path> config;

        @Option(names = "--id", required = true, paramLabel = "ID", description = "this node's id in the config")
        String id;

        @Override
        public Integer call() throws Exception {
            NodeMain.runInForeground(config, id);
            return 0;
        }
    }
}
