package dts.testbed;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The layout of a testbed's state directory, and its removal (only the names the testbed makes:
 * other files a user keeps there are left alone):
 * <pre>
 * config.yaml          shared by all nodes (the merged view: what ./dts status and reload read)
 * config-base.yaml     the generated cluster/nodes blocks, when daemons also read the user's file
 * cluster.key          this testbed's cluster key (mode 0600), named by cluster.key-file
 * www-generated/       the generated file set (when no docroot was given)
 * nodeI/www/           node I's own copy of the docroot
 * nodeI/nginx/         nginx.conf, temp folders, error.log (backend nginx)
 * nodeI.log, nodeI.pid, nodeI-nginx.pid
 * front/, front.log, front.pid   the front proxy (benchmark peers), when there is one
 * </pre>
 */
final class StateFiles {
    static final String CONFIG = "config.yaml";
    /** The generated cluster and nodes blocks alone, for daemons that also read the user's config file. */
    static final String CONFIG_BASE = "config-base.yaml";
    static final String GENERATED_WWW = "www-generated";
    private static final String OUR_NAMES = "config(-base)?\\.yaml|cluster\\.key|www-generated|node\\d+|node\\d+\\.log|node\\d+(-nginx)?\\.cmd|node\\d+(-nginx)?\\.pid|front|front\\.log|front\\.pid";

    private StateFiles() {}

    static Path nodeDir(Path stateDir, String id) { return stateDir.resolve(id); }

    static Path clusterKey(Path stateDir) { return stateDir.resolve("cluster.key"); }

    static Path nodeWww(Path stateDir, String id) { return nodeDir(stateDir, id).resolve("www"); }

    static Path nginxDir(Path stateDir, String id) { return nodeDir(stateDir, id).resolve("nginx"); }

    static Path daemonLog(Path stateDir, String id) { return stateDir.resolve(id + ".log"); }

    static Path daemonPid(Path stateDir, String id) { return stateDir.resolve(id + ".pid"); }
    static Path daemonCommand(Path stateDir, String id) { return stateDir.resolve(id + ".cmd"); }

    static Path nginxPid(Path stateDir, String id) { return stateDir.resolve(id + "-nginx.pid"); }
    static Path nginxCommand(Path stateDir, String id) { return stateDir.resolve(id + "-nginx.cmd"); }

    static Path frontDir(Path stateDir) { return stateDir.resolve("front"); }

    static Path frontLog(Path stateDir) { return stateDir.resolve("front.log"); }

    static Path frontPid(Path stateDir) { return stateDir.resolve("front.pid"); }

    static void remove(Path stateDir) {
        if (!Files.isDirectory(stateDir)) return;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(stateDir, p -> p.getFileName().toString().matches(OUR_NAMES))) {
            for (Path p : entries) deleteTree(p);
            try (Stream<Path> left = Files.list(stateDir)) {
                if (left.findAny().isEmpty()) Files.delete(stateDir);
            }
        } catch (IOException e) {
            throw new TestbedException("cannot clean " + stateDir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Copies the daemon and front logs (and each nginx error.log) of {@code stateDir} into a new
     * folder under {@code into}, named by the time; nothing when {@code into} is null.
     */
    static void keepLogs(Path stateDir, String into) {
        if (into == null || into.isBlank() || !Files.isDirectory(stateDir)) return;
        Path to = Path.of(into).resolve("testbed-" + System.currentTimeMillis());
        try (Stream<Path> all = Files.walk(stateDir, 3)) {
            Files.createDirectories(to);
            for (Path p : all.filter(f -> f.getFileName().toString().endsWith(".log")).toList()) {
                Files.copy(p, to.resolve(stateDir.relativize(p).toString().replace('/', '-')));
            }
        } catch (IOException e) {
            throw new TestbedException("cannot keep the logs of " + stateDir + " in " + to + ": " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
