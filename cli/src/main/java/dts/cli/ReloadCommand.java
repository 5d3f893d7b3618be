package dts.cli;

import dts.config.DtsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ./dts reload}: every node re-reads its config files now (nodes also pick up edits by
 * themselves within about half a second). An invalid file changes nothing: each node keeps its rules,
 * reports the error, and this command exits non-zero.
 */
@Command(name = "reload", description = "Re-read the config files on every node (an invalid file is refused, the old rules stay).")
final class ReloadCommand implements Callable<Integer> {
    @Mixin
    ClusterOptions cluster;

    @Override
    public Integer call() {
        DtsConfig nodes = cluster.load();
        List<String> errors = new AdminClient(nodes).reload();
        if (errors.isEmpty()) {
            System.out.println("reloaded on " + nodes.nodes().size() + " nodes");
            return 0;
        }
        errors.forEach(e -> System.err.println("reload failed: " + e));
        return 1;
    }
}
