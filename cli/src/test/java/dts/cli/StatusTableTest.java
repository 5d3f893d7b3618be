package dts.cli;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ./dts status} shows each node's backend health and what its peers announced. */
class StatusTableTest {
    private static Map<String, Object> node(String id, String state, String lastError) {
        Map<String, Object> health = new LinkedHashMap<>();
        health.put("state", state);
        health.put("checks", 40);
        health.put("failures", 3);
        health.put("last_change_ms_ago", 1200);
        health.put("last_error", lastError);
        Map<String, Object> n = new HashMap<>();
        n.put("id", id);
        n.put("config_version", "abc");
        n.put("rule_hits", List.of(5));
        n.put("backend_health", health);
        n.put("peer_backend_health", Map.of("node1", "up"));
        n.put("served_while_backend_down", 2);
        return n;
    }

    @Test
    void eachNodeShowsItsBackendStateAndAHealthLine() {
        String out = StatusTable.render(Map.of("nodes", List.of(node("node1", "up", null), node("node2", "down", "connection refused"))));
        List<String> lines = out.lines().toList();
        assertTrue(lines.get(0).contains(" backend "), lines.get(0));
        assertTrue(lines.get(1).matches("node1 .* up +abc"), lines.get(1));
        assertTrue(lines.get(2).matches("node2 .* down +abc"), lines.get(2));
        assertTrue(out.contains("node2    backend down for 1200 ms (checks 40, failures 3, last error: connection refused), "
                + "peers' backends {node1=up}, served while down 2\n"), out);
        assertTrue(out.contains("node1    backend up for 1200 ms (checks 40, failures 3), peers' backends"), out);
    }

    @Test
    void anOlderNodeWithoutHealthShowsADash() {
        Map<String, Object> n = node("node3", "up", null);
        n.remove("backend_health");
        assertEquals("backend health: -", StatusTable.backend(n));
    }
}
