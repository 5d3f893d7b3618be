package dts.cli;

import java.util.List;
import java.util.Map;

/** Renders {@code ./dts status} as a fixed-width table. */
final class StatusTable {
    private static final String[] COLS = {"id", "connections_inspected", "handoffs_out", "handoffs_in", "served_local",
            "handoff_fallbacks", "rehandoffs", "bad_requests", "bytes_spliced", "active_connections"};
    private static final String[] HEAD = {"node", "inspected", "out", "in", "local", "fallback", "rehand", "bad", "spliced_B", "active"};

    private static final String ROW = "%-8s %10s %8s %8s %8s %9s %7s %6s %12s %7s %9s %9s %-7s %s%n";

    private StatusTable() {}

    @SuppressWarnings("unchecked")
    static String render(Map<String, Object> status) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(ROW, (Object[]) concat(HEAD, "p50_us", "p99_us", "backend", "config")));
        for (Object o : (List<Object>) status.get("nodes")) {
            Map<String, Object> n = (Map<String, Object>) o;
            if (n.containsKey("error")) {
                sb.append(String.format("%-8s %s%n", n.get("id"), n.get("error")));
                continue;
            }
            Object[] row = new Object[COLS.length + 4];
            for (int i = 0; i < COLS.length; i++) row[i] = n.get(COLS[i]);
            Map<String, Object> lat = (Map<String, Object>) n.get("handoff_latency_us");
            row[COLS.length] = lat == null ? "-" : lat.get("p50");
            row[COLS.length + 1] = lat == null ? "-" : lat.get("p99");
            Map<String, Object> health = (Map<String, Object>) n.get("backend_health");
            row[COLS.length + 2] = health == null ? "-" : health.get("state");
            row[COLS.length + 3] = n.get("config_version") + (n.get("last_reload_error") == null ? "" : " (reload error: " + n.get("last_reload_error") + ")");
            sb.append(String.format(ROW, row));
        }
        for (Object o : (List<Object>) status.get("nodes")) {
            Map<String, Object> n = (Map<String, Object>) o;
            if (n.containsKey("rule_hits")) {
                sb.append(String.format("%-8s rule hits %s, live nodes %s, owned buckets %s%n", n.get("id"), n.get("rule_hits"),
                        n.get("live_nodes"), n.get("owned_buckets")));
                sb.append(String.format("%-8s view %s, quorum %s, links %s, frames rejected %s%n", n.get("id"), n.get("view_id"),
                        n.get("quorum"), n.get("peer_links"), nonZero((Map<String, Object>) n.get("control_frames_rejected"))));
                sb.append(String.format("%-8s %s%n", n.get("id"), backend(n)));
            }
        }
        return sb.toString();
    }

    /** "backend up (checks 12, failures 0), peers' backends {node2=down}, served while down 0". */
    @SuppressWarnings("unchecked")
    static String backend(Map<String, Object> n) {
        Map<String, Object> h = (Map<String, Object>) n.get("backend_health");
        if (h == null) return "backend health: -";
        StringBuilder sb = new StringBuilder("backend ").append(h.get("state")).append(" for ")
                .append(h.get("last_change_ms_ago")).append(" ms (checks ").append(h.get("checks"))
                .append(", failures ").append(h.get("failures"));
        if (h.get("last_error") != null) sb.append(", last error: ").append(h.get("last_error"));
        return sb.append("), peers' backends ").append(n.get("peer_backend_health"))
                .append(", served while down ").append(n.get("served_while_backend_down")).toString();
    }

    /** The reasons with a count, or "none". */
    private static String nonZero(Map<String, Object> counts) {
        if (counts == null) return "-";
        StringBuilder sb = new StringBuilder();
        counts.forEach((k, v) -> {
            if (((Number) v).longValue() != 0) sb.append(sb.isEmpty() ? "" : ", ").append(k).append(' ').append(v);
        });
        return sb.isEmpty() ? "none" : sb.toString();
    }

    private static String[] concat(String[] a, String... b) {
        String[] r = new String[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
