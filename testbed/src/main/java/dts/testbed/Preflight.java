package dts.testbed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Fails early, with the fix in the message, when the testbed cannot work on this machine. */
final class Preflight {
    private Preflight() {}

    static void check(Testbed.Options options) {
        if (effectiveUid() != 0) {
            throw new TestbedException("not root: the testbed creates namespaces, bridges and nft tables (run as root, e.g. sudo ./dts testbed up)");
        }
        require("ip", "iproute2");
        require("nft", "nftables");
        if (options.backend().nginx()) require("nginx", "nginx-light");
        if (!Files.isDirectory(Path.of("/proc/sys/net/bridge")) && Shell.which("modprobe") != null) {
            Shell.tryRun("modprobe", "bridge");
        }
        if (options.startDaemons()) requireOnClassPath(options.mainClass());
    }

    /** The testbed does not depend on the daemon: the daemons run this JVM's class path, which must hold their main class. */
    static void requireOnClassPath(String mainClass) {
        try {
            Class.forName(mainClass, false, ClassLoader.getSystemClassLoader());
        } catch (ClassNotFoundException e) {
            throw new TestbedException(mainClass + " is not on this JVM's class path, which the node daemons run with:"
                    + " put the node module (dts-node) on the caller's runtime class path");
        }
    }

    static void requireRoot() {
        if (effectiveUid() != 0) throw new TestbedException("not root: tearing down the testbed needs root (run as root)");
        require("ip", "iproute2");
    }

    private static void require(String tool, String debianPackage) {
        if (Shell.which(tool) == null) {
            throw new TestbedException(tool + " not found (install Debian package " + debianPackage + ")");
        }
    }

    /** The effective uid from /proc/self/status ("Uid: real effective saved fs"). */
    static int effectiveUid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) return Integer.parseInt(line.split("\\s+")[2]);
            }
        } catch (IOException | RuntimeException e) {
            throw new TestbedException("cannot read /proc/self/status: " + e.getMessage(), e);
        }
        throw new TestbedException("no Uid line in /proc/self/status");
    }
}
