package dts.node;

import dts.config.Backend;
import dts.config.ClusterConfig;
import dts.config.NodeConfig;
import dts.inspector.route.LocalCache;
import dts.node.health.BackendHealth;
import dts.node.serve.LocalServer;
import dts.splicer.backend.BackendAddress;
import dts.splicer.backend.LocalCopies;
import dts.splicer.backend.RelayStats;
import dts.splicer.backend.StaticBackend;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.netty.channel.EventLoop;

/** Builds a node's {@link LocalServer} from its config: embedded static files or a local web server. */
final class Backends {
    private Backends() {}

    /** Checks a local web server on {@code control} (not started); the embedded backend is always up. */
    static BackendHealth health(NodeConfig self, ClusterConfig c, EventLoop control) {
        return switch (self.backend()) {
            case Backend.Embedded e -> BackendHealth.embedded();
            case Backend.Http http -> BackendHealth.http(new InetSocketAddress(http.host(), http.port()), http.host() + ":" + http.port(),
                    c.health(), control);
            // a Unix socket has no host: the check's Host header names the node, as a name-based virtual host would
            case Backend.Unix unix -> BackendHealth.http(new io.netty.channel.unix.DomainSocketAddress(unix.socket().toString()),
                    self.id(), c.health(), control);
        };
    }

    /**
     * This node's page cache as placement sees it: its web server's docroot when the config names one
     * ({@code nodes[].docroot}), else a view that cannot tell (requests then follow LARD alone).
     */
    static LocalCache localCache(NodeConfig self) {
        if (self.docroot().isEmpty()) return LocalCache.of(self.id(), path -> LocalCache.UNKNOWN);
        try {
            return LocalCopies.of(self.id(), self.docroot().get(), cacheProber());
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("nodes[" + self.id() + "].docroot: " + self.docroot().get()
                    + " (expected: an existing directory): " + e.getMessage(), e);
        }
    }

    /** One daemon thread off the data path asks the kernel; at most 1,024 asks wait, more are dropped. */
    private static Executor cacheProber() {
        return new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1024),
                Thread.ofPlatform().name("dts-cache-probe").daemon().factory(), new ThreadPoolExecutor.AbortPolicy());
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
        BackendAddress address = switch (self.backend()) {
            case Backend.Unix unix -> BackendAddress.unix(unix.socket());
            case Backend.Http http -> BackendAddress.tcp(new InetSocketAddress(http.host(), http.port()));
            case Backend.Embedded e -> throw new IllegalStateException("embedded: served above");
        };
        return new LocalServer(null, address, c.maxHeadBytes(), relayStats, stats, backendUp);
    }
}
