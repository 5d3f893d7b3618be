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
 * again, with the command the testbed started it with); web-kill / web-start: the node's nginx.
 */
public final class NodeDrill {
    public enum Action {
        KILL, FREEZE, THAW, ISOLATE, HEAL, STOP, START, WEB_KILL, WEB_START;

        /** Parses {@code kill}, {@code freeze}, …, {@code web-kill}; a clear error for anything else. */
        public static Action parse(String s) {
            try {
                return valueOf(s.toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new TestbedException("drill: " + s + " (expected: kill, freeze, thaw, isolate, heal, stop, start, web-kill or web-start)");
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
            case WEB_KILL -> killTree(StateFiles.nginxPid(state, nodeId), nodeId + ": web server killed");
            case WEB_START -> startWeb(state, nodeId, ns);
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

    /** SIGKILL to the process and its descendants (nginx's workers outlive a killed master). */
    private static String killTree(Path pidFile, String done) {
        long pid = pid(pidFile);
        ProcessHandle p = ProcessHandle.of(pid).orElseThrow(() -> new TestbedException(done.split(":")[0] + ": process " + pid + " is not running"));
        List<ProcessHandle> all = new java.util.ArrayList<>(p.descendants().toList());
        all.add(0, p);
        for (ProcessHandle h : all) Shell.tryRun("kill", "-KILL", Long.toString(h.pid()));
        return done + " (pid " + pid + " and " + (all.size() - 1) + " children)";
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

    private static String startWeb(Path state, String nodeId, String ns) {
        List<String> cmd;
        try {
            cmd = Files.readAllLines(StateFiles.nginxCommand(state, nodeId));
        } catch (IOException e) {
            throw new TestbedException(nodeId + ": no recorded web server (was the testbed started with --backend nginx?)");
        }
        Path dir = StateFiles.nginxDir(state, nodeId);
        NginxBackend.removeStaleSocket(dir);
        Process p = Processes.start(ns, cmd, dir.resolve("stdout.log"), StateFiles.nginxPid(state, nodeId));
        long deadline = System.currentTimeMillis() + 10_000;
        while (!NginxBackend.listening(ns)) {
            if (!p.isAlive() || System.currentTimeMillis() > deadline) throw new TestbedException(nodeId + ": web server did not start");
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TestbedException(nodeId + ": interrupted");
            }
        }
        return nodeId + ": web server started (pid " + p.pid() + ")";
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
