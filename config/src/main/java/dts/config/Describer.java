package dts.config;

import java.util.List;

/** Renders {@link DtsConfig#describe()}: YAML-like, one setting, node, pool or rule per line. */
final class Describer {
    private Describer() {}

    static String describe(DtsConfig config, boolean rulesGiven) {
        StringBuilder out = new StringBuilder();
        ClusterConfig c = config.cluster();
        out.append("# ").append(config.source()).append(", version ").append(config.version()).append('\n');
        out.append("cluster:\n");
        line(out, "vip", c.vip().getHostAddress());
        line(out, "port", c.port());
        line(out, "buckets", c.buckets());
        line(out, "hash-seed", String.format("0x%x", c.hashSeed()));
        line(out, "control-port", c.controlPort());
        line(out, "admin-port", c.adminPort());
        line(out, "handoff-timeout-millis", c.handoffTimeoutMillis());
        line(out, "head-timeout-millis", c.headTimeoutMillis());
        line(out, "max-head-bytes", c.maxHeadBytes());
        line(out, "heartbeat-millis", c.heartbeatMillis());
        line(out, "node-dead-after-millis", c.nodeDeadAfterMillis());
        line(out, "flow-timeout-seconds", c.flowTimeoutSeconds());
        line(out, "membership-port", c.membershipPort());
        line(out, "io-threads", c.ioThreads() == 0 ? "0 (one per CPU the node may use)" : Integer.toString(c.ioThreads()));
        line(out, "key-file", c.keyFile().map(Object::toString).orElse("(none)"));
        c.mac().ifPresent(mac -> line(out, "mac", mac));
        HealthCheck h = c.health();
        line(out, "health-interval-millis", h.intervalMillis());
        line(out, "health-timeout-millis", h.timeoutMillis());
        line(out, "health-rise", h.rise());
        line(out, "health-fall", h.fall());
        line(out, "health-path", h.path());
        out.append("  # a web server that fails ").append(h.fall()).append(" checks in a row leaves placement within ")
                .append(h.downDetectionMillis()).append(" ms (interval x fall, + timeout when checks time out); embedded backends are not checked\n");
        out.append("nodes:\n");
        for (NodeConfig n : config.nodes()) {
            out.append("  - ").append(n.id()).append(": ").append(n.address().getHostAddress())
                    .append(", backend ").append(n.backend());
            n.docroot().ifPresent(d -> out.append(", docroot ").append(d));
            out.append('\n');
        }
        out.append("pools:\n");
        for (PoolConfig p : config.pools().values()) {
            out.append("  ").append(p.name()).append(": ").append(p.policy());
            if (p.policy() == Policy.LOCALITY) {
                out.append(", load-low ").append(p.loadLow()).append(", load-high ").append(p.loadHigh())
                        .append(", replicate-max-bytes ").append(p.replicateMaxBytes())
                        .append(", replicate-into-free-memory ").append(p.replicateIntoFreeMemory());
            } else if (p.policy() == Policy.BOUNDED_HASH) {
                out.append(", load-factor ").append(p.loadFactor());
            }
            out.append(", nodes [").append(String.join(", ", p.nodes())).append(']');
            if (p.name().equals(PoolConfig.ALL)) {
                out.append(" (every node)");
            }
            out.append('\n');
        }
        out.append("rules (first match wins):\n");
        rules(out, config.rules(), rulesGiven);
        return out.toString();
    }

    private static void rules(StringBuilder out, List<RuleConfig> rules, boolean rulesGiven) {
        int catchAll = -1;
        for (RuleConfig r : rules) {
            out.append("  [").append(r.index()).append("] ").append(r.match()).append(" -> ").append(r.pool());
            if (!rulesGiven) {
                out.append(" (default: no rules given)");
            } else if (catchAll >= 0) {
                out.append(" (unreachable: rule [").append(catchAll).append("] matches every request)");
            }
            out.append('\n');
            if (catchAll < 0 && r.match().isAny()) {
                catchAll = r.index();
            }
        }
        if (catchAll < 0) {
            out.append("  requests matching no rule: 503 (add `- { pool: all }` last for a default)\n");
        }
    }

    private static void line(StringBuilder out, String key, Object value) {
        out.append("  ").append(key).append(": ").append(value).append('\n');
    }
}
