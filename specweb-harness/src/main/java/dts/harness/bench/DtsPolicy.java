package dts.harness.bench;

import dts.harness.HarnessException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The DTS systems' config file: pool {@code all} (every node) with the system's placement policy. */
final class DtsPolicy {
    private DtsPolicy() {}

    /** 0: dts-locality uses the product's locality policy (LARD); a factor >= 1 makes it bounded-hash instead. */
    static final double DEFAULT_LOAD_FACTOR = 0;

    static String yaml(SystemName system) { return yaml(system, DEFAULT_LOAD_FACTOR); }

    static String yaml(SystemName system, double loadFactor) {
        return switch (system) {
            case DTS_LOCALITY -> loadFactor == 0 ? "pools:\n  all: { policy: locality }\n"
                    : "pools:\n  all: { policy: bounded-hash, load-factor: " + loadFactor + " }\n";
            case DTS_RR -> "pools:\n  all: { policy: round-robin }\n";
            default -> throw new HarnessException("system: " + system + " (expected: a DTS system)");
        };
    }

    /** Writes workDir/configs/&lt;system&gt;.yaml (daemons read it next to the testbed's cluster and nodes blocks). */
    static Path file(Path workDir, SystemName system, double loadFactor) {
        Path f = workDir.resolve("configs").resolve(system.label() + ".yaml");
        try {
            Files.createDirectories(f.getParent());
            Files.writeString(f, yaml(system, loadFactor));
            return f;
        } catch (IOException e) {
            throw new HarnessException("cannot write " + f + ": " + e.getMessage(), e);
        }
    }
}
