package dts.node;

import dts.config.Backend;
import dts.config.ClusterConfig;
import dts.config.NodeConfig;
import dts.node.health.BackendHealth;
import dts.node.serve.LocalServer;
import dts.splicer.backend.RelayStats;
import dts.splicer.backend.StaticBackend;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

import io.netty.channel.EventLoop;

/** Builds a node's {@link LocalServer} from its config: embedded static files or a local web server. */
final class Backends {
    private Backends() {}

    /** Checks a local web server on {@code control} (not started); the embedded backend is always up. */
    static BackendHealth health(NodeConfig self, ClusterConfig c, EventLoop control) {
        if (!(self.backend() instanceof Backend.Http http)) return BackendHealth.embedded();
        return BackendHealth.http(new InetSocketAddress(http.host(), http.port()), http.host() + ":" + http.port(), c.health(), control);
    }

    static LocalServer localServer(NodeConfig self, ClusterConfig c, NodeStats stats, BooleanSupplier backendUp) {
        RelayStats relayStats = new RelayStats();
        if (self.backend() instanceof Backend.Embedded) {
            Path docroot = self.docroot().orElseThrow(() -> new IllegalArgumentException(
                    "nodes[" + self.id() + "].docroot: missing (expected: a directory for backend: embedded)"));
            StaticBackend.Config cfg = StaticBackend.Config.builder(docroot, self.id())
                    .maxHeadBytes(c.maxHeadBytes())
                    .build();
            return new LocalServer(cfg, null, c.maxHeadBytes(), relayStats, stats, backendUp);
        }
        Backend.Http http = (Backend.Http) self.backend();
        return new LocalServer(null, new InetSocketAddress(http.host(), http.port()), c.maxHeadBytes(), relayStats, stats, backendUp);
    }
}
