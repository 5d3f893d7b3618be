package dts.testbed;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The node daemon's command line: this JVM's own java and class path (made absolute), so a
 * testbed started from tests, the CLI or an IDE runs the code it was started with.
 */
final class DaemonCommand {
    static final String DEFAULT_MAIN_CLASS = "dts.node.NodeMain";
    static final String HEAP = "-Xmx256m";
    /** One GC thread: several node JVMs share two cores in the testbed. */
    static final String SMALL_GC = "-XX:+UseSerialGC";
    /**
     * The client compiler only: C2's compiles went on for minutes under load and took the data path's
     * CPU (see {@code NodeModel.DAEMON_JVM_OPTIONS}); C1 code is slower but done compiling in seconds.
     */
    static final String QUICK_JIT = "-XX:TieredStopAtLevel=1";

    private DaemonCommand() {}

    static List<String> of(String mainClass, Path config, String nodeId) {
        return of(mainClass, List.of(config), nodeId);
    }

    static List<String> of(String mainClass, List<Path> configs, String nodeId) {
        return of(mainClass, configs, nodeId, List.of());
    }

    /**
     * Several config files: the daemon reads them as one document and watches each for edits.
     * {@code jvmOptions}: instead of {@link #HEAP} when not empty.
     */
    static List<String> of(String mainClass, List<Path> configs, String nodeId, List<String> jvmOptions) {
        String java = ProcessHandle.current().info().command()
                .orElseThrow(() -> new TestbedException("cannot tell this JVM's java executable"));
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED"));
        cmd.addAll(jvmOptions.isEmpty() ? List.of(HEAP, SMALL_GC, QUICK_JIT) : jvmOptions);
        cmd.addAll(List.of("-cp", absoluteClassPath(), mainClass));
        for (Path c : configs) cmd.addAll(List.of("--config", c.toAbsolutePath().toString()));
        cmd.addAll(List.of("--id", nodeId));
        return List.copyOf(cmd);
    }

    static String absoluteClassPath() {
        String cp = System.getProperty("java.class.path", "");
        if (cp.isBlank()) throw new TestbedException("java.class.path is empty: cannot start node daemons");
        return Arrays.stream(cp.split(File.pathSeparator)).filter(s -> !s.isBlank())
                .map(s -> Path.of(s).toAbsolutePath().toString()).collect(Collectors.joining(File.pathSeparator));
    }
}
