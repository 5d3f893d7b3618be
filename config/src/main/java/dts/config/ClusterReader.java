package dts.config;

import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reads the {@code cluster} section; every key has a default ({@link ClusterConfig#defaults()}). */
final class ClusterReader {
    static final Set<String> KEYS = keys(
            "vip", "port", "buckets", "hash-seed", "control-port", "admin-port",
            "handoff-timeout-millis", "head-timeout-millis", "max-head-bytes",
            "heartbeat-millis", "node-dead-after-millis", "flow-timeout-seconds", "inspectors",
            "membership-port", "key-file", "mac", "io-threads");

    private static Set<String> keys(String... own) {
        Set<String> all = new java.util.HashSet<>(Set.of(own));
        all.addAll(HealthReader.KEYS);
        return Set.copyOf(all);
    }

    private static final long DAY_MILLIS = 86_400_000L;
    /** The failure detector's port is the membership port plus this (JGroups FD_SOCK2's offset). */
    static final int FD_PORT_OFFSET = 100;

    private ClusterReader() {}

    static ClusterConfig read(Optional<YamlMap> section, Problems problems) {
        ClusterConfig d = ClusterConfig.defaults();
        if (section.isEmpty()) {
            return d;
        }
        YamlMap m = section.get();
        m.rejectUnknownKeys(KEYS);
        Inet4Address vip = Scalars.ipv4(m, problems, "vip").orElse(d.vip());
        int port = (int) Scalars.integer(m, problems, "port", 1, 65535).orElse(d.port());
        int buckets = buckets(m, problems).orElse(d.buckets());
        int hashSeed = (int) Scalars.integer(m, problems, "hash-seed", Integer.MIN_VALUE, 0xFFFF_FFFFL)
                .orElse(d.hashSeed());
        int controlPort = (int) Scalars.integer(m, problems, "control-port", 1, 65535)
                .orElse(d.controlPort());
        int adminPort = (int) Scalars.integer(m, problems, "admin-port", 1, 65535).orElse(d.adminPort());
        long handoffTimeoutMillis = Scalars.integer(m, problems, "handoff-timeout-millis", 1, DAY_MILLIS)
                .orElse(d.handoffTimeoutMillis());
        long headTimeoutMillis = Scalars.integer(m, problems, "head-timeout-millis", 1, DAY_MILLIS)
                .orElse(d.headTimeoutMillis());
        int maxHeadBytes = (int) Scalars.integer(m, problems, "max-head-bytes", 256, 1 << 20)
                .orElse(d.maxHeadBytes());
        long heartbeatMillis = Scalars.integer(m, problems, "heartbeat-millis", 1, DAY_MILLIS)
                .orElse(d.heartbeatMillis());
        long nodeDeadAfterMillis = Scalars.integer(m, problems, "node-dead-after-millis", 1, DAY_MILLIS)
                .orElse(d.nodeDeadAfterMillis());
        long flowTimeoutSeconds = Scalars.integer(m, problems, "flow-timeout-seconds", 1, 86_400)
                .orElse(d.flowTimeoutSeconds());

        int membershipPort = (int) Scalars.integer(m, problems, "membership-port", 1, 65535 - FD_PORT_OFFSET)
                .orElse(d.membershipPort());
        Optional<java.nio.file.Path> keyFile = Scalars.text(m, problems, "key-file").map(java.nio.file.Path::of);
        keyFile.flatMap(ClusterKey::problem).ifPresent(p -> problems.add(m.path("key-file"), p));
        if (membershipPort == controlPort || membershipPort == adminPort) {
            problems.expected(m.path("membership-port"), membershipPort, "different from control-port and admin-port");
        }
        if (controlPort == adminPort) {
            problems.expected(m.path("admin-port"), adminPort, "different from control-port");
        }
        if (nodeDeadAfterMillis <= heartbeatMillis) {
            problems.expected(m.path("node-dead-after-millis"), nodeDeadAfterMillis,
                    "> heartbeat-millis " + heartbeatMillis);
        }
        int ioThreads = (int) Scalars.integer(m, problems, "io-threads", 0, 1024).orElse(d.ioThreads());
        List<String> inspectors = new ArrayList<>();
        if (m.has("inspectors")) {
            for (Object o : m.listOfScalars("inspectors")) inspectors.add(String.valueOf(o));
        }
        return new ClusterConfig(vip, port, buckets, hashSeed, controlPort, adminPort,
                handoffTimeoutMillis, headTimeoutMillis, maxHeadBytes, heartbeatMillis,
                nodeDeadAfterMillis, flowTimeoutSeconds, List.copyOf(inspectors), membershipPort, keyFile,
                mac(m, problems), HealthReader.read(m, problems), ioThreads);
    }

    /** A unicast MAC such as {@code 02:00:00:00:00:10}, lower case. */
    private static Optional<String> mac(YamlMap m, Problems problems) {
        return Scalars.text(m, problems, "mac").flatMap(text -> {
            String mac = text.toLowerCase(java.util.Locale.ROOT);
            if (!mac.matches("([0-9a-f]{2}:){5}[0-9a-f]{2}")) {
                problems.expected(m.path("mac"), text, "a MAC in quotes such as \"02:00:00:00:00:10\"");
                return Optional.empty();
            }
            if ((Integer.parseInt(mac.substring(0, 2), 16) & 1) != 0) {
                problems.expected(m.path("mac"), text, "a unicast MAC (the first octet even), e.g. 02:00:00:00:00:10");
                return Optional.empty();
            }
            return Optional.of(mac);
        });
    }

    private static Optional<Integer> buckets(YamlMap m, Problems problems) {
        var value = Scalars.integer(m, problems, "buckets", Long.MIN_VALUE, Long.MAX_VALUE);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        long b = value.getAsLong();
        if (b < 64 || b > 65536 || Long.bitCount(b) != 1) {
            problems.expected(m.path("buckets"), b, "a power of two in 64..65536");
            return Optional.empty();
        }
        return Optional.of((int) b);
    }
}
