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
 * A target that answers READY but refuses the COMMIT: the source learns it before it lets go of its
 * socket, takes the connection back and serves it itself. The client sees every response whole and
 * no RST; nothing is left without a socket. node3's daemon is replaced by {@link RefusingTarget}.
 */
class CommitRefusedE2ETest {
    @TempDir
    Path tmp;

    @Test
    void aRefusedCommitLeavesTheConnectionWithItsSource() throws Exception {
        TestDocroot docroot = TestDocroot.create(tmp.resolve("www"), 8);
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
            List<String> toVictim = docroot.paths().stream()
                    .filter(p -> picker.pick(Keys.hash(p), 0).equals(victim.id())).toList();
            assertFalse(toVictim.isEmpty(), "some paths hash to " + victim.id());
            assertEquals(0, new ProcessBuilder("kill", "-KILL", Long.toString(victim.pid())).start().waitFor());
            awaitView(tb.nodes().subList(0, 2), victim.id(), false); // the killed daemon left the agreed view
            dts.config.ClusterKey key = dts.config.ClusterKey.load(Testbed.keyFile(tmp.resolve("state")));
            Process member = memberFor(victim, tb, key); // the double's node stays in the agreed view
            try (RefusingTarget fake = new RefusingTarget(victim.namespace(), victim.internalAddress(), 7070, key)) {
                List<NodeHandle> sources = tb.nodes().subList(0, 2);
                awaitLinks(sources, fake);
                WireAudit wire = new WireAudit(tb.clientNamespace(), tb.vip(), tb.port());
                List<String> failures;
                try (wire) {
                    failures = ClusterTraffic.burst(tb, docroot, toVictim, 40, 8);
                }
                List<Map<String, Object>> status = sources.stream().map(ClusterStatus::of).toList();
                System.out.printf("prepares=%d commits refused by the double=%d, by the sources' count=%d, fallbacks=%d wire: %s%n",
                        fake.prepares.get(), fake.commitsRefused.get(), ClusterStatus.sum(status, "commits_refused"),
                        ClusterStatus.sum(status, "handoff_fallbacks"), wire);
                assertEquals(List.of(), failures, "requests whose COMMIT was refused");
                assertTrue(fake.commitsRefused.get() >= 1, "the double refused COMMITs");
                assertEquals(fake.commitsRefused.get(), ClusterStatus.sum(status, "commits_refused"), "every refusal taken back");
                assertEquals(0, ClusterStatus.sum(status, "handoffs_lost"), "connections lost");
                assertEquals(0, wire.rstFromVip(), "RST segments from the VIP: " + wire);
            }
            overdueHandOffsAreFencedNotTakenBack(tb, docroot, toVictim, victim, key);
        } finally {
            tb.down();
        }
    }

    /**
     * A target that answers each one-trip PREPARE only after its deadline (a throttled node): the source
     * never takes the connection back while the target may still go live with it. It fences the
     * hand-off with a heartbeat and waits for the answer, which the target sends before that
     * heartbeat's PONG; here a FAIL, so the source serves the request itself. A source that took it
     * back at the deadline, as before, would count it in {@code commits_refused}, and had the target
     * gone live instead, the connection would have had two live copies.
     */
    private static void overdueHandOffsAreFencedNotTakenBack(Testbed tb, TestDocroot docroot, List<String> toVictim,
                                                            NodeHandle victim, dts.config.ClusterKey key) throws Exception {
        List<NodeHandle> sources = tb.nodes().subList(0, 2);
        try (RefusingTarget slow = new RefusingTarget(victim.namespace(), victim.internalAddress(), 7070, key,
                RefusingTarget.Behaviour.FAIL_LATE)) {
            awaitLinks(sources, slow);
            Thread.sleep(1_500); // a heartbeat on every link connection: the sources know the double's clock
            List<Map<String, Object>> before = sources.stream().map(ClusterStatus::of).toList();
            WireAudit wire = new WireAudit(tb.clientNamespace(), tb.vip(), tb.port());
            List<String> failures;
            try (wire) {
                failures = ClusterTraffic.burst(tb, docroot, toVictim, 8, 2);
            }
            List<Map<String, Object>> after = sources.stream().map(ClusterStatus::of).toList();
            long overdue = ClusterStatus.sum(after, "handoffs_overdue") - ClusterStatus.sum(before, "handoffs_overdue");
            long takenBack = ClusterStatus.sum(after, "commits_refused") - ClusterStatus.sum(before, "commits_refused");
            long fellBack = ClusterStatus.sum(after, "handoff_fallbacks") - ClusterStatus.sum(before, "handoff_fallbacks");
            System.out.printf("late FAILs from the double=%d, overdue=%d, taken back=%d, fallbacks=%d wire: %s%n",
                    slow.preparesFailedLate.get(), overdue, takenBack, fellBack, wire);
            assertEquals(List.of(), failures, "requests whose target answered late");
            assertTrue(slow.preparesFailedLate.get() >= 1, "the double answered PREPAREs late");
            assertEquals(slow.preparesFailedLate.get(), overdue, "every late answer was overdue at its source");
            assertEquals(0, takenBack, "hand-offs taken back while their target could still go live");
            assertEquals(slow.preparesFailedLate.get(), fellBack, "every late FAIL served by its source");
            assertEquals(0, wire.rstFromVip(), "RST segments from the VIP: " + wire);
        }
    }

    /** A TEST group member with the victim's id in its namespace (MemberMain), so the others keep it in their view. */
    private static Process memberFor(NodeHandle victim, Testbed tb, dts.config.ClusterKey key) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("ip", "netns", "exec", victim.namespace(),
                ProcessHandle.current().info().command().orElseThrow(), "-Xmx64m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                dts.node.cluster.MemberMain.class.getName(), victim.id(), key.hex()));
        for (NodeHandle n : tb.nodes()) cmd.add(n.id() + "=" + n.internalAddress() + ":7072");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        MEMBERS.add(p);
        return p;
    }

    private static final List<Process> MEMBERS = new java.util.concurrent.CopyOnWriteArrayList<>();

    @org.junit.jupiter.api.AfterAll
    static void stopMembers() {
        MEMBERS.forEach(Process::destroyForcibly);
    }

    /** Until both sources count node3 live again (its TEST member) with their links up to the double. */
    @SuppressWarnings("unchecked")
    private static void awaitLinks(List<NodeHandle> sources, RefusingTarget fake) throws InterruptedException {
        awaitView(sources, "node3", true);
        long deadline = System.currentTimeMillis() + 15_000;
        while (!sources.stream().allMatch(n -> "up".equals(((Map<String, Object>) ClusterStatus.of(n).get("peer_links")).get("node3")))) {
            if (System.currentTimeMillis() > deadline) throw new IllegalStateException("links to the double not up");
            Thread.sleep(100);
        }
    }

    @SuppressWarnings("unchecked")
    private static void awaitView(List<NodeHandle> nodes, String id, boolean in) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 15_000;
        while (!nodes.stream().allMatch(n -> ((List<Object>) ClusterStatus.of(n).get("live_nodes")).contains(id) == in)) {
            if (System.currentTimeMillis() > deadline) throw new IllegalStateException(id + (in ? " never joined" : " never left") + " the view");
            Thread.sleep(100);
        }
    }
}
