package dts.testbed;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Long-running processes started inside a network namespace ({@code nsenter} execs the command, so
 * the pid is the process's own), with output appended to a log and the pid kept in stateDir/NAME.pid.
 */
final class Processes {
    private static final int TAIL_LINES = 40;

    private Processes() {}

    static Process start(String ns, List<String> command, Path log, Path pidFile) {
        return start(ns, command, log, pidFile, null, ProcessWrapper.NONE);
    }

    /**
     * {@code wrapper} gets {@code nsenter --net=/run/netns/ns -- command…} (owner: a node id or the
     * front). Only the network namespace is entered: unlike {@code ip netns exec}, which remounts
     * {@code /sys}, the process still sees {@code /sys/fs/cgroup}, so a node can read its own memory
     * cgroup (how much page cache it has room for) as it would on a host of its own.
     */
    static Process start(String ns, List<String> command, Path log, Path pidFile, String owner, ProcessWrapper wrapper) {
        List<String> inNs = new ArrayList<>(List.of("nsenter", "--net=/run/netns/" + ns, "--"));
        inNs.addAll(command);
        List<String> cmd = wrapper.wrap(owner, List.copyOf(inNs));
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            Files.writeString(pidFile, p.pid() + "\n");
            return p;
        } catch (IOException e) {
            throw new TestbedException("cannot start " + String.join(" ", command) + " in " + ns + ": " + e.getMessage(), e);
        }
    }

    /**
     * Stops the processes named by stateDir/*.pid, but only those whose command line mentions
     * {@code stateDir} (a pid file that outlived a reboot must not kill an unrelated process).
     */
    static void stopRecorded(Path stateDir) {
        if (!Files.isDirectory(stateDir)) return;
        String marker = stateDir.toAbsolutePath().toString();
        try (DirectoryStream<Path> pids = Files.newDirectoryStream(stateDir, "*.pid")) {
            for (Path f : pids) {
                long pid = parsePid(f);
                boolean ours = ProcessHandle.of(pid).flatMap(h -> h.info().commandLine())
                        .map(c -> c.contains(marker)).orElse(false);
                if (ours) NamespaceProcesses.kill(pid);
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            throw new TestbedException("cannot read pid files in " + stateDir + ": " + e.getMessage(), e);
        }
    }

    private static long parsePid(Path f) {
        try {
            return Long.parseLong(Files.readString(f).strip());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /** The last lines of {@code log}, for an error message. */
    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }
}
