package dts.node.e2e;

import dts.hashring.Keys;
import dts.hashring.NodePicker;
import dts.testbed.NodeHandle;
import dts.testbed.Testbed;
import dts.splicer.sys.Netns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A hand-off whose target is frozen (SIGSTOP: its link is up but it answers nothing) or dead (SIGKILL)
 * falls back: the inspector serves the connection itself and the client sees no error.
 */
class HandoffFallbackE2ETest {
    @TempDir
    Path tmp;

    @Test
    void clientsSeeNoErrorWhenTheTargetFreezesOrDies() throws Exception {
        TestDocroot docroot = TestDocroot.create(tmp.resolve("www"), 8);
        // node3 serves but does not inspect: a frozen inspector would hold the connections its kernel
        // accepted, which is not what this test is about
        Path config = tmp.resolve("rules.yaml");
        Files.writeString(config, "cluster: { vip: 198.18.0.10, port: 80, buckets: 4096, hash-seed: 0x5eed,"
                + " control-port: 7070, admin-port: 7071, inspectors: [node1, node2],"
                + " key-file: \"" + Testbed.keyFile(tmp.resolve("state")) + "\" }\n");
        Testbed tb = Testbed.up(Testbed.Options.builder(tmp.resolve("state")).nodes(3).docroot(docroot.dir())
                .configFile(config).build());
        try {
            ClusterStatus.awaitConverged(tb, 3, 10_000);
            NodeHandle victim = tb.nodes().get(2);
            NodePicker picker = NodePicker.rendezvous(List.of("node1", "node2", "node3"));
            List<String> toVictim = docroot.pathsUpTo(100 * 1024).stream()
                    .filter(p -> picker.pick(Keys.hash(p), 0).equals(victim.id())).toList();
            assertFalse(toVictim.isEmpty(), "some paths hash to " + victim.id());

            signal(victim, "STOP");
            List<String> frozenFailures = ClusterTraffic.burst(tb, docroot, toVictim, 24, 24);
            List<Map<String, Object>> live = List.of(ClusterStatus.of(tb.nodes().get(0)), ClusterStatus.of(tb.nodes().get(1)));
            long fallbacks = ClusterStatus.sum(live, "handoff_fallbacks");
            signal(victim, "CONT");
            assertEquals(List.of(), frozenFailures, "requests while the target was frozen");
            assertTrue(fallbacks >= 1, "inspectors fell back to serving locally: " + fallbacks);
            // thawed, the target reads the one-trip PREPAREs that waited in its links: all past their
            // deadlines, so it lets every one go; going live now would make a second live copy of a
            // connection its source took back
            Thread.sleep(1_000);
            Map<String, Object> thawed = ClusterStatus.of(victim);
            System.out.println("thawed " + victim.id() + ": handoffs_in=" + thawed.get("handoffs_in")
                    + " handoffs_aborted_by_target=" + thawed.get("handoffs_aborted_by_target"));
            assertEquals(0L, ((Number) thawed.get("handoffs_in")).longValue(), "stale PREPAREs that went live");
            assertTrue(((Number) thawed.get("handoffs_aborted_by_target")).longValue() >= 1, "stale PREPAREs let go");

            ClusterStatus.awaitConverged(tb, 3, 10_000);
            signal(victim, "KILL");
            List<String> deadFailures = ClusterTraffic.burst(tb, docroot, toVictim, 24, 24);
            assertEquals(List.of(), deadFailures, "requests after the target died");
        } finally {
            tb.down();
        }
    }

    private static void signal(NodeHandle n, String sig) throws Exception {
        Process p = new ProcessBuilder("kill", "-" + sig, Long.toString(n.pid())).inheritIO().start();
        assertEquals(0, p.waitFor(), "kill -" + sig + " " + n.pid());
    }
}
