package dts.testbed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import static dts.testbed.TestbedNames.*;

/**
 * Failure drills on one node of a running testbed: kill (SIGKILL the daemon), freeze / thaw
 * (SIGSTOP / SIGCONT), isolate / heal (its internal link down / up: control links and membership
 * cut, client traffic still flooded to it), stop (SIGTERM: the orderly stop) and start (the daemon
 * again, with the command the testbed started it with).
 */
public final class NodeDrill {
    public enum Action {
        KILL, FREEZE, THAW, ISOLATE, HEAL, STOP, START;

        /** Parses {@code kill}, {@code freeze}, …; a clear error for anything else. */
        public static Action parse(String s) {
            try {
                return valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new TestbedException("drill: " + s + " (expected: kill, freeze, thaw, isolate, heal, stop or start)");
            }
        }
    }

    private static final long STOP_WAIT_MILLIS = 40_000;

    private NodeDrill() {}

    /** Runs {@code action} on {@code nodeId} of the testbed whose state is in {@code stateDir}; returns what it did. */
    public static String run(Path stateDir, String nodeId, Action action) {
        Preflight.requireRoot();
        Path state = stateDir.toAbsolutePath();
        int index = index(nodeId);
        String ns = nodeNs(index);
        Path pidFile = StateFiles.daemonPid(state, nodeId);
        return switch (action) {
            case KILL -> signal(pidFile, "KILL", nodeId + ": daemon killed");
            case FREEZE -> signal(pidFile, "STOP", nodeId + ": daemon frozen");
            case THAW -> signal(pidFile, "CONT", nodeId + ": daemon thawed");
            case ISOLATE -> link(ns, "down", nodeId + ": internal link down");
            case HEAL -> link(ns, "up", nodeId + ": internal link up");
            case STOP -> stop(pidFile, nodeId);
            case START -> start(state, nodeId, ns);
        };
    }

    private static int index(String nodeId) {
        if (!nodeId.matches("node[1-9][0-9]*")) throw new TestbedException("node: " + nodeId + " (expected: node1, node2, …)");
        return Integer.parseInt(nodeId.substring(4));
    }

    private static long pid(Path pidFile) {
        try {
            return Long.parseLong(Files.readString(pidFile).trim());
        } catch (IOException | NumberFormatException e) {
            throw new TestbedException("no daemon pid in " + pidFile + " (is the testbed up? ./dts testbed up)");
        }
    }

    private static String signal(Path pidFile, String sig, String done) {
        long pid = pid(pidFile);
        if (ProcessHandle.of(pid).isEmpty()) throw new TestbedException(done.split(":")[0] + ": daemon " + pid + " is not running");
        Shell.run("kill", "-" + sig, Long.toString(pid));
        return done + " (pid " + pid + ")";
    }

    private static String link(String ns, String state, String done) {
        Shell.run("ip", "-n", ns, "link", "set", INT_IF, state);
        return done;
    }

    private static String stop(Path pidFile, String nodeId) {
        long pid = pid(pidFile);
        ProcessHandle p = ProcessHandle.of(pid).orElseThrow(() -> new TestbedException(nodeId + ": daemon " + pid + " is not running"));
        long t0 = System.nanoTime();
        Shell.run("kill", "-TERM", Long.toString(pid));
        try {
            p.onExit().get(STOP_WAIT_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new TestbedException(nodeId + ": daemon " + pid + " still running " + STOP_WAIT_MILLIS + " ms after SIGTERM");
        }
        return nodeId + ": daemon stopped in " + (System.nanoTime() - t0) / 1_000_000 + " ms";
    }

    private static String start(Path state, String nodeId, String ns) {
        Path pidFile = StateFiles.daemonPid(state, nodeId);
        if (Files.exists(pidFile)) {
            try {
                long old = Long.parseLong(Files.readString(pidFile).trim());
                if (ProcessHandle.of(old).map(ProcessHandle::isAlive).orElse(false)) {
                    throw new TestbedException(nodeId + ": daemon " + old + " is still running (stop or kill it first)");
                }
            } catch (IOException | NumberFormatException ignored) {
                // no usable pid: start
            }
        }
        List<String> cmd;
        try {
            cmd = Files.readAllLines(StateFiles.daemonCommand(state, nodeId));
        } catch (IOException e) {
            throw new TestbedException(nodeId + ": no recorded daemon command (was the testbed started with daemons?)");
        }
        Process p = Processes.start(ns, cmd, StateFiles.daemonLog(state, nodeId), pidFile);
        return nodeId + ": daemon started (pid " + p.pid() + ")";
    }
}
