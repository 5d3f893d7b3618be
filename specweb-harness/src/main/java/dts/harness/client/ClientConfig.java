package dts.harness.client;

import dts.harness.Check;
import dts.harness.HarnessException;
import dts.harness.qos.QosThresholds;
import dts.harness.workload.Mix;

import java.net.InetSocketAddress;

/**
 * Load-client settings. The run stops by itself after {@code durationMillis} or after
 * {@code maxRequests} requests were issued, whichever comes first (0 = no such bound; at least one
 * bound is required); requests in flight then get {@code drainTimeoutMillis} to finish.
 *
 * @param netns namespace (under /var/run/netns) whose network the client's sockets live in, or null
 *              for the caller's own
 * @param mix   what the sessions ask for (the Support user, or back-to-back large downloads)
 * @param keepAliveIdleMillis a session closes its connection before a think time at least this long,
 *              as a server's keep-alive timeout would (Apache's default is 5 s); 0 = keep it open
 */
public record ClientConfig(InetSocketAddress target, String hostHeader, int sessions, Mix mix, long durationMillis,
                           long maxRequests, long seed, String netns, int ioThreads, long connectTimeoutMillis,
                           long idleTimeoutMillis, long drainTimeoutMillis, long keepAliveIdleMillis,
                           ProgressMode progress, QosThresholds thresholds) {
    public ClientConfig {
        Check.notNull("target", target);
        if (target.isUnresolved()) throw new HarnessException("target: " + target + " (expected: a resolved address)");
        Check.notBlank("hostHeader", hostHeader);
        Check.atLeast("sessions", sessions, 1);
        Check.notNull("mix", mix);
        Check.atLeast("durationMillis", durationMillis, 0);
        Check.atLeast("maxRequests", maxRequests, 0);
        if (durationMillis == 0 && maxRequests == 0) {
            throw new HarnessException("durationMillis: 0 and maxRequests: 0 (expected: at least one bound > 0)");
        }
        if (netns != null) Check.notBlank("netns", netns);
        Check.atLeast("ioThreads", ioThreads, 1);
        Check.atLeast("connectTimeoutMillis", connectTimeoutMillis, 1);
        Check.atLeast("idleTimeoutMillis", idleTimeoutMillis, 1);
        Check.atLeast("drainTimeoutMillis", drainTimeoutMillis, 1);
        Check.atLeast("keepAliveIdleMillis", keepAliveIdleMillis, 0);
        Check.notNull("progress", progress);
        Check.notNull("thresholds", thresholds);
    }

    public static Builder builder(InetSocketAddress target, int sessions) {
        return new Builder(target, sessions);
    }

    /** Defaults: 2 I/O threads, connect 5 s, idle 30 s, drain 60 s, keep-alive forever, progress AUTO, SPECweb QoS, seed 1. */
    public static final class Builder {
        private final InetSocketAddress target;
        private final int sessions;
        private String hostHeader;
        private Mix mix = Mix.SUPPORT;
        private long durationMillis;
        private long maxRequests;
        private long seed = 1;
        private String netns;
        private int ioThreads = 2;
        private long connectTimeoutMillis = 5_000;
        private long idleTimeoutMillis = 30_000;
        private long drainTimeoutMillis = 60_000;
        private long keepAliveIdleMillis;
        private ProgressMode progress = ProgressMode.AUTO;
        private QosThresholds thresholds = QosThresholds.SPECWEB;

        private Builder(InetSocketAddress target, int sessions) {
            this.target = target;
            this.sessions = sessions;
        }

        public Builder hostHeader(String v) { hostHeader = v; return this; }
        public Builder mix(Mix v) { mix = v; return this; }
        public Builder durationMillis(long v) { durationMillis = v; return this; }
        public Builder maxRequests(long v) { maxRequests = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder netns(String v) { netns = v; return this; }
        public Builder ioThreads(int v) { ioThreads = v; return this; }
        public Builder connectTimeoutMillis(long v) { connectTimeoutMillis = v; return this; }
        public Builder idleTimeoutMillis(long v) { idleTimeoutMillis = v; return this; }
        public Builder drainTimeoutMillis(long v) { drainTimeoutMillis = v; return this; }
        public Builder keepAliveIdleMillis(long v) { keepAliveIdleMillis = v; return this; }
        public Builder progress(ProgressMode v) { progress = v; return this; }
        public Builder thresholds(QosThresholds v) { thresholds = v; return this; }

        public ClientConfig build() {
            Check.notNull("target", target);
            String host = hostHeader != null ? hostHeader : target.getHostString() + ":" + target.getPort();
            return new ClientConfig(target, host, sessions, mix, durationMillis, maxRequests, seed, netns, ioThreads,
                    connectTimeoutMillis, idleTimeoutMillis, drainTimeoutMillis, keepAliveIdleMillis, progress, thresholds);
        }
    }
}
