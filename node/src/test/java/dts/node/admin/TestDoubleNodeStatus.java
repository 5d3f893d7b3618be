package dts.node.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * TEST DOUBLE for {@code NodeDaemon.status()}: the status map of one made-up node, with the fields and
 * types the real one has. Counters grow at {@code perSecond} (times a fixed factor each) with the real
 * time since construction, so a dashboard sees rates; {@code perSecond = 0} gives a canned, constant map.
 */
final class TestDoubleNodeStatus implements Supplier<Map<String, Object>> {
    private final String id;
    private final int buckets;
    private final int connections;
    private final List<String> members;
    private final Map<String, String> peerLinks;
    private final double perSecond;
    private final long bornNanos = System.nanoTime();

    TestDoubleNodeStatus(String id, int buckets, int connections, List<String> members, Map<String, String> peerLinks,
                         double perSecond) {
        this.id = id;
        this.buckets = buckets;
        this.connections = connections;
        this.members = List.copyOf(members);
        this.peerLinks = Map.copyOf(peerLinks);
        this.perSecond = perSecond;
    }

    /** The status of a node that predates every field but these two (the dashboard must not trip on it). */
    static Supplier<Map<String, Object>> olderNode(String id) {
        return () -> Map.of("id", id, "config_version", "v1");
    }

    /** The counter that grows at {@code factor * perSecond}. */
    private long grown(double factor) {
        return Math.round(factor * perSecond * (System.nanoTime() - bornNanos) / 1e9);
    }

    @Override public Map<String, Object> get() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("config_version", "v1");
        m.put("last_reload_error", null);
        m.put("live_nodes", members);
        m.put("owned_buckets", buckets);
        m.put("view_id", "[" + members.getFirst() + "|3] (" + members.size() + ")");
        m.put("members", members);
        m.put("table_version", 3);
        m.put("quorum", true);
        m.put("peer_links", new LinkedHashMap<>(peerLinks));
        m.put("connections_inspected", 1000 + grown(1));
        m.put("handoffs_out", 500 + grown(0.6));
        m.put("handoffs_in", 400 + grown(0.5));
        m.put("served_local", 300 + grown(0.4));
        m.put("rehandoffs", 20 + grown(0.1));
        m.put("active_connections", connections);
        m.put("handoff_latency_us", Map.of("count", 900 + grown(1.1), "p50", 85, "p99", 410, "max", 2300));
        m.put("rule_hits", new ArrayList<>(List.of(700 + grown(1), 50 + grown(0.25))));
        m.put("load", 3);
        return m;
    }
}
