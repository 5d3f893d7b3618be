package dts.node;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import dts.node.reload.ConfigFiles;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** The node daemon's process entry: {@code dts.node.NodeMain --config FILE --id NODE}. */
@Command(name = "dts-node", mixinStandardHelpOptions = true, description = "Runs one DTS node in this network namespace.")
public final class NodeMain implements Callable<Integer> {
    @Option(names = "--config", required = true, description = "config file (YAML); repeat to read several files as one")
    List<Path> config;

    @Option(names = "--id", required = true, description = "this node's id in the config")
    String id;

    public static void main(String[] args) {
        System.exit(new CommandLine(new NodeMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        NodeDaemon daemon;
        try {
            daemon = NodeDaemon.start(new ConfigFiles(config), id);
        } catch (Exception e) {
            System.err.println("dts-node " + id + ": cannot start: " + e.getMessage());
            return 2;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            daemon.close();
            stopped.countDown();
        }, "dts-node-stop"));
        stopped.await();
        return 0;
    }
}
