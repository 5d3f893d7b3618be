package dts.inspector.route.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import dts.config.DtsConfig;
import dts.inspector.http.HeadParser;
import dts.inspector.http.RequestHead;
import dts.inspector.route.Decision;
import dts.inspector.route.LoadView;
import dts.inspector.route.Router;

/**
 * The inspector's hot path: parse a typical request head, then match it against a 5-rule config
 * (it falls through four rules, a regex among them, to the default) and place it in a locality
 * pool whose nodes all hold a few connections (so the bounded-load totals are computed).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RouteBench {
    /** A SPECweb2005-Support-style download as a client library sends it: 5 header lines, 190 bytes. */
    static final byte[] TYPICAL = ("GET /support/download/dir00042/class3_7?lang=en HTTP/1.1\r\n"
            + "Host: www.example.com\r\n"
            + "User-Agent: Mozilla/5.0 (X11; Linux x86_64)\r\n"
            + "Accept: */*\r\n"
            + "Accept-Encoding: gzip, deflate\r\n"
            + "Connection: keep-alive\r\n"
            + "\r\n").getBytes(StandardCharsets.ISO_8859_1);

    @Param({"4", "16"})
    public int nodes;

    private final HeadParser parser = HeadParser.create(16384);
    private Router router;
    private Set<String> live;
    private LoadView load;
    private RequestHead parsed;

    @Setup
    public void setUp() {
        StringBuilder yaml = new StringBuilder("nodes:\n");
        for (int i = 1; i <= nodes; i++) {
            yaml.append("  - { id: node").append(i).append(", address: 198.18.1.").append(i).append(" }\n");
        }
        yaml.append("""
                pools:
                  api: { nodes: [node1], policy: round-robin }
                  img: { nodes: [node1, node2], policy: least-connections }
                rules:
                  - { match: { path-prefix: /api/ }, pool: api }
                  - { match: { host: img.example.com, path-suffix: .jpg }, pool: img }
                  - { match: { path-regex: "^/v[0-9]+/", method: GET }, pool: img }
                  - { match: { header: { name: X-Tenant, value: gold } }, pool: api }
                  - { pool: all }
                """);
        router = Router.create(DtsConfig.parse(yaml.toString(), "bench.yaml"));
        Map<String, Integer> connections = new HashMap<>();
        live = new LinkedHashSet<>();
        for (int i = 1; i <= nodes; i++) {
            connections.put("node" + i, 3);
            live.add("node" + i);
        }
        live = Set.copyOf(live);
        load = id -> connections.getOrDefault(id, 0);
        parsed = parser.parse(TYPICAL, 0, TYPICAL.length).head();
        Decision check = parseAndRoute();
        if (check.outcome() != Decision.Outcome.ROUTED || check.ruleIndex() != 4) {
            throw new IllegalStateException("bench request not routed by the default rule: " + check);
        }
    }

    /** The figure that counts: parse + match + place, per request head. */
    @Benchmark
    public Decision parseAndRoute() {
        RequestHead head = parser.parse(TYPICAL, 0, TYPICAL.length).head();
        return router.route(head, "198.51.100.7", live, load);
    }

    @Benchmark
    public RequestHead parseOnly() {
        return parser.parse(TYPICAL, 0, TYPICAL.length).head();
    }

    @Benchmark
    public Decision routeOnly() {
        return router.route(parsed, "198.51.100.7", live, load);
    }

    /**
     * Heads per second of this thread's CPU time (not wall time), for a machine shared with other
     * work where JMH's wall-clock figures swing: {@code java -cp ... RouteBench [nodes]}.
     */
    public static void main(String[] args) {
        RouteBench bench = new RouteBench();
        bench.nodes = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        bench.setUp();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int sink = 0;
        for (int round = 0; round < 8; round++) {
            int ops = 2_000_000;
            long cpuStart = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < ops; i++) {
                sink += bench.parseAndRoute().nodeId().length();
            }
            long cpuNanos = threads.getCurrentThreadCpuTime() - cpuStart;
            System.out.printf("round %d: %.0f heads/s of CPU (%.1f ns/head)%n",
                    round, ops * 1e9 / cpuNanos, (double) cpuNanos / ops);
        }
        System.out.println("(sink " + sink + ")");
    }
}
