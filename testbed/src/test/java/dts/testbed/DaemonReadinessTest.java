package dts.testbed;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A daemon is ready once its view has quorum and every node (a status without membership: at once). */
class DaemonReadinessTest {
    @Test void readyOnlyInAFullViewWithQuorum() throws Exception {
        assertTrue(DaemonReadiness.joined("{\"quorum\": true, \"live_nodes\": [\"node1\", \"node2\"]}", 2));
        assertFalse(DaemonReadiness.joined("{\"quorum\": true, \"live_nodes\": [\"node1\", \"node2\"]}", 3));
        assertFalse(DaemonReadiness.joined("{\"quorum\": false, \"live_nodes\": [\"node1\"]}", 1));
        assertTrue(DaemonReadiness.joined("{\"id\": \"node1\"}", 3), "a stand-in daemon without membership");
    }
}
