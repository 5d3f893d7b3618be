package dts.cli;

import dts.config.DtsConfig;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The options of every command that talks to a running cluster's nodes: the testbed's, or a real one's config. */
final class ClusterOptions {
    @Option(names = "--state-dir", defaultValue = StateDir.DEFAULT, description = "testbed state directory (default: ${DEFAULT-VALUE})")
    Path stateDir;

    @Option(names = "--config", paramLabel = "FILE", description = "a cluster's config file (e.g. /etc/dts/dts.yaml) instead of the testbed's")
    Path config;

    /** The nodes of {@code --config} when given, else of the running testbed. */
    DtsConfig load() { return StateDir.load(stateDir, config); }

    /** An admin client for those nodes. */
    AdminClient admin() { return new AdminClient(load()); }
}
