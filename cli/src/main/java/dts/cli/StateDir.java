package dts.cli;

import dts.config.ConfigException;
import dts.config.DtsConfig;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the testbed keeps its config, logs and per-node files. */
final class StateDir {
    static final String DEFAULT = "/var/lib/dts/testbed";

    private StateDir() {}

    static Path config(Path stateDir) { return stateDir.resolve("config.yaml"); }

    /** The nodes of {@code config} when given (a real cluster), else of the running testbed. */
    static DtsConfig load(Path stateDir, Path config) {
        return config != null ? DtsConfig.load(config) : load(stateDir);
    }

    /** The running testbed's config, or a clear error when no testbed is up. */
    static DtsConfig load(Path stateDir) {
        Path f = config(stateDir);
        if (!Files.isRegularFile(f)) {
            throw new ConfigException(f.toString(), java.util.List.of("no testbed config (run ./dts testbed up first)"));
        }
        return DtsConfig.load(f);
    }
}
