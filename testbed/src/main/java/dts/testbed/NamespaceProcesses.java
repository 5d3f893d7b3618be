package dts.testbed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Stops processes: those in a testbed namespace ({@code ip netns pids}) or by pid. A process that
 * outlived the JVM that started it is reparented to pid 1; in a container whose pid 1 does not reap,
 * it stays a zombie after it died, so a zombie counts as stopped.
 */
final class NamespaceProcesses {
    private static final long GRACE_MILLIS = 5000;
    private static final long POLL_MILLIS = 20;

    private NamespaceProcesses() {}

    /** SIGTERM every process in {@code ns}, SIGKILL what is left after a grace period. */
    static void killAll(String ns) {
        List<Long> pids;
        try {
            pids = Arrays.stream(Shell.run("ip", "netns", "pids", ns).split("\\s+"))
                    .filter(s -> !s.isBlank()).map(Long::parseLong)
                    .filter(pid -> pid != ProcessHandle.current().pid()).toList();
        } catch (TestbedException e) {
            return; // namespace already gone
        }
        stop(pids.stream().map(ProcessHandle::of).flatMap(Optional::stream).toList());
    }

    static void kill(long pid) {
        ProcessHandle.of(pid).ifPresent(p -> stop(List.of(p)));
    }

    private static void stop(List<ProcessHandle> processes) {
        processes.stream().filter(NamespaceProcesses::running).forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(GRACE_MILLIS);
        while (processes.stream().anyMatch(NamespaceProcesses::running) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        processes.stream().filter(NamespaceProcesses::running).forEach(ProcessHandle::destroyForcibly);
    }

    /** Alive and not a zombie (state Z in /proc/PID/stat, after the command's closing parenthesis). */
    static boolean running(ProcessHandle p) {
        if (!p.isAlive()) return false;
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat"));
            int close = stat.lastIndexOf(')');
            return close < 0 || close + 2 >= stat.length() || stat.charAt(close + 2) != 'Z';
        } catch (IOException e) {
            return false; // gone
        }
    }
}
