package dts.node.e2e;

import dts.testbed.NodeDrill.Action;
import dts.testbed.Testbed;
import dts.testbed.TestbedHooks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node's web server killed under load (nginx backends, checks every 200 ms, down after 3 failures):
 * within interval × fall every node knows, and from then on no request is served by that node and
 * no client sees an error; the web server started again, the node serves again after rise checks.
 */
class BackendHealthE2ETest {
    private static final long INTERVAL_MILLIS = 200;
    private static final int FALL = 3;
    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("unchecked")
    void aNodeWhoseWebServerDiedServesNothingUntilItIsBack() throws Exception {
        TestDocroot docroot = TestDocroot.create(dir.resolve("www"), 4);
        Testbed tb = Testbed.up(Testbed.Options.builder(dir.resolve("state")).nodes(4).docroot(docroot.dir())
                .backend(Testbed.Backend.NGINX).hooks(TestbedHooks.NONE.withClusterKeys(Map.of(
                        "health-interval-millis", Long.toString(INTERVAL_MILLIS), "health-timeout-millis", "150",
                        "health-fall", Integer.toString(FALL), "health-rise", "2"))).build());
        try (DrillLoad load = new DrillLoad(tb.clientNamespace(), tb.vip(), tb.port(), docroot, 4, 0)) {
            ClusterStatus.awaitConverged(tb, 4, 15_000);
            Thread.sleep(2_000);
            assertTrue(load.done.stream().anyMatch(r -> "node2".equals(r.node())), "node2 serves before the drill");
            long kill = System.nanoTime();
            System.out.println(tb.drill("node2", Action.WEB_KILL));
            // each node polled on its own, so a slow answer from one does not delay noticing another
            List<java.util.concurrent.Future<Long>> learned = new ArrayList<>();
            try (var polls = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                for (var n : tb.nodes()) {
                    learned.add(polls.submit(() -> {
                        while (!((List<Object>) ClusterStatus.of(n).getOrDefault("backends_down", List.of())).contains("node2")) {
                            assertTrue(System.nanoTime() - kill < TimeUnit.SECONDS.toNanos(5), n.id() + " knows node2's web server is down");
                            Thread.sleep(10);
                        }
                        return System.nanoTime(); // the answer that said so has arrived: the node knew by now
                    }));
                }
            }
            long known = 0;
            for (var f : learned) {
                try {
                    known = Math.max(known, f.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    throw e.getCause() instanceof AssertionError a ? a : new AssertionError(e.getCause());
                }
            }
            long knownMillis = (known - kill) / 1_000_000;
            Thread.sleep(3_000);
            long restart = System.nanoTime();
            System.out.println(tb.drill("node2", Action.WEB_START));
            Thread.sleep(2_000);
            List<DrillLoad.Request> settled = load.startedBetween(known, restart);
            List<DrillLoad.Request> before = load.startedBetween(kill, known);
            System.out.printf("web server of node2 down: known everywhere after %d ms (interval %d ms x fall %d); %d requests before"
                            + " (%d failed), %d after (%d failed, %d served by node2)%n", knownMillis, INTERVAL_MILLIS, FALL,
                    before.size(), before.stream().filter(DrillLoad.Request::failed).count(), settled.size(),
                    settled.stream().filter(DrillLoad.Request::failed).count(), settled.stream().filter(r -> "node2".equals(r.node())).count());
            assertTrue(knownMillis <= INTERVAL_MILLIS * FALL + 500, "known within interval x fall (+ a check timeout): " + knownMillis);
            assertTrue(settled.size() > 50, "load went on: " + settled.size());
            assertEquals(List.of(), settled.stream().filter(DrillLoad.Request::failed).toList(), "errors once every node knew");
            assertEquals(0, settled.stream().filter(r -> "node2".equals(r.node())).count(), "requests served by node2 while its web server was down");
            assertTrue(load.startedBetween(restart, System.nanoTime()).stream().anyMatch(r -> "node2".equals(r.node())),
                    "node2 serves again once its web server is back");
            assertEquals(List.of(), load.startedBetween(restart, System.nanoTime()).stream().filter(DrillLoad.Request::failed).toList(),
                    "errors after the restart");
        } finally {
            tb.down();
        }
    }
}
