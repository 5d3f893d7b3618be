package dts.harness.bench;

import dts.harness.HarnessException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Fails early with the fix in the message. */
final class Preconditions {
    private Preconditions() {}

    static void requireRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:") && !line.split("\\s+")[2].equals("0")) {
                    throw new HarnessException("not root: benchmarks build namespaces and cgroups (run: sudo ./dts bench …)");
                }
            }
        } catch (IOException e) {
            throw new HarnessException("cannot read /proc/self/status: " + e.getMessage(), e);
        }
    }
}
