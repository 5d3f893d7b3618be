package dts.node;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import dts.node.reload.ConfigFiles;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import sun.misc.Signal;

/**
 * The node daemon's process entry: {@code dts.node.NodeMain --config FILE --id NODE}, as the testbed
 * starts it. {@code dts node run} runs the same {@link #runInForeground}.
 */
@Command(name = "dts-node", mixinStandardHelpOptions = true, description = "Runs one DTS node in this network namespace.")
public final class NodeMain implements Callable<Integer> {
    /** Exit status when the node cannot start (bad config, unknown id, a kernel feature missing). */
    static final int CANNOT_START = 2;
    private static final String LOG_FORMAT_PROPERTY = "java.util.logging.SimpleFormatter.format";
    /** One line per record, with milliseconds: lease and view changes are set beside each other and a client's SYN times. */
    private static final String LOG_FORMAT = "%1$tF %1$tT.%1$tL %4$s %3$s: %5$s%6$s%n";

    @Option(names = "--config", required = true, description = "config file (YAML); repeat to read several files as one")
    List<Path> config;

    @Option(names = "--id", required = true, description = "this node's id in the config")
    String id;

    public static void main(String[] args) {
        System.exit(new CommandLine(new NodeMain()).execute(args));
    }

    @Override
    public Integer call() {
        try {
            runInForeground(config, id);
            return 0;
        } catch (Exception e) {
            System.err.println("dts-node " + id + ": cannot start: " + e.getMessage());
            return CANNOT_START;
        }
    }

    /**
     * Starts node {@code id} of {@code configs} (read as one document, watched for edits) and blocks
     * until the JVM is asked to stop (SIGTERM, SIGINT), then stops the node in order. The one entry of
     * the testbed's daemons and of {@code dts node run}.
     *
     * @throws Exception when the node cannot start (its message says why); nothing is left running
     */
    public static void runInForeground(List<Path> configs, String id) throws Exception {
        if (System.getProperty(LOG_FORMAT_PROPERTY) == null) System.setProperty(LOG_FORMAT_PROPERTY, LOG_FORMAT);
        NodeDaemon daemon = NodeDaemon.start(new ConfigFiles(configs), id);
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean stopping = new AtomicBoolean();
        Runnable stop = () -> {
            if (stopping.compareAndSet(false, true)) daemon.close();
            stopped.countDown();
        };
        // SIGTERM and SIGINT stop the node before the JVM begins to shut down: in a shutdown hook the
        // orderly stop (up to its grace) would run after the logging's own hook closed the log, and
        // say nothing of what it waits for. The hook stays for any other way out.
        for (String sig : List.of("TERM", "INT")) {
            Signal.handle(new Signal(sig), s -> Thread.ofPlatform().name("dts-node-stop").start(stop));
        }
        Runtime.getRuntime().addShutdownHook(new Thread(stop, "dts-node-stop-hook"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the shutdown hook still stops the node
        }
    }
}
