package dts.cli;

import java.util.List;
import java.util.Map;

/** Renders {@code ./dts status} as a fixed-width table. */
final class StatusTable {
    private static final String[] COLS = {"id", "connections_inspected", "handoffs_out", "handoffs_in", "served_local",
            "handoff_fallbacks", "rehandoffs", "bad_requests", "bytes_spliced", "active_connections"};
    private static final String[] HEAD = {"node", "inspected", "out", "in", "local", "fallback", "rehand", "bad", "spliced_B", "active"};

    private StatusTable() {}

    @SuppressWarnings("unchecked")
    static String render(Map<String, Object> status) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-8s %10s %8s %8s %8s %9s %7s %6s %12s %7s %9s %9s %s%n", (Object[]) concat(HEAD, "p50_us", "p99_us", "config")));
        for (Object o : (List<Object>) status.get("nodes")) {
            Map<String, Object> n = (Map<String, Object>) o;
            if (n.containsKey("error")) {
                sb.append(String.format("%-8s %s%n", n.get("id"), n.get("error")));
                continue;
            }
            Object[] row = new Object[COLS.length + 3];
            for (int i = 0; i < COLS.length; i++) row[i] = n.get(COLS[i]);
            Map<String, Object> lat = (Map<String, Object>) n.get("handoff_latency_us");
            row[COLS.length] = lat == null ? "-" : lat.get("p50");
            row[COLS.length + 1] = lat == null ? "-" : lat.get("p99");
            row[COLS.length + 2] = n.get("config_version") + (n.get("last_reload_error") == null ? "" : " (reload error: " + n.get("last_reload_error") + ")");
            sb.append(String.format("%-8s %10s %8s %8s %8s %9s %7s %6s %12s %7s %9s %9s %s%n", row));
        }
        for (Object o : (List<Object>) status.get("nodes")) {
            Map<String, Object> n = (Map<String, Object>) o;
            if (n.containsKey("rule_hits")) {
                sb.append(String.format("%-8s rule hits %s, live nodes %s, owned buckets %s%n", n.get("id"), n.get("rule_hits"),
                        n.get("live_nodes"), n.get("owned_buckets")));
                sb.append(String.format("%-8s view %s, quorum %s, links %s, frames rejected %s%n", n.get("id"), n.get("view_id"),
                        n.get("quorum"), n.get("peer_links"), nonZero((Map<String, Object>) n.get("control_frames_rejected"))));
            }
        }
        return sb.toString();
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
