package dts.inspector.route;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;

import org.junit.jupiter.api.Test;

import dts.config.DtsConfig;
import dts.inspector.http.RequestHead;

/** One router shared by several inspector threads: counters and round-robin stay exact. */
class RouterConcurrencyTest {
    @Test
    void roundRobinAndHitCountsAreExactAcrossThreads() throws Exception {
        DtsConfig config = DtsConfig.parse("""
                nodes: [ { id: a, address: 10.0.0.1 }, { id: b, address: 10.0.0.2 }, { id: c, address: 10.0.0.3 } ]
                pools: { rr: { nodes: [a, b, c], policy: round-robin } }
                rules: [ { match: { path-regex: "^/r" }, pool: rr }, { pool: all } ]
                """, "x");
        Router router = Router.create(config);
        RequestHead rr = Heads.get("/rr");
        RequestHead other = Heads.get("/other");
        Map<String, LongAdder> perNode = new ConcurrentHashMap<>();
        int threads = 4;
        int perThread = 3000;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            Future<?>[] done = new Future<?>[threads];
            for (int t = 0; t < threads; t++) {
                done[t] = pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        Decision d = router.route(rr, "c", Set.of("a", "b", "c"), LoadView.idle());
                        perNode.computeIfAbsent(d.nodeId(), k -> new LongAdder()).increment();
                        router.route(other, "c", Set.of("a", "b", "c"), LoadView.idle());
                    }
                    return null;
                });
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        for (String node : Set.of("a", "b", "c")) {
            assertEquals(threads * perThread / 3, perNode.get(node).sum(), node);
        }
        assertArrayEquals(new long[] {threads * perThread, threads * perThread}, router.ruleHits());
    }
}
