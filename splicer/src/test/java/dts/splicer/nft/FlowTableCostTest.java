package dts.splicer.nft;

import dts.splicer.sys.Netns;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Prints what the flow table costs (surefire keeps it in target/surefire-reports/*CostTest-output.txt):
 * install, setOwnedBuckets with 4096 buckets, forget alone and batched. Bounds are loose sanity limits.
 */
class FlowTableCostTest {
    private static final String NS = "dts-t-nft-cost";
    private static final FlowTable.Spec SPEC = new FlowTable.Spec("198.18.0.10", 80, 4096, 0x5eed, 60);
    private static final int FLOWS = 20_000;

    @BeforeAll static void setUp() { TestNs.recreate(NS); }

    @AfterAll static void tearDown() { TestNs.delete(NS); }

    private static double millisSince(long t0) { return (System.nanoTime() - t0) / 1e6; }

    private static void report(String line) { System.out.println("[nft cost] " + line); }

    @Test void costs() throws Exception {
        long t0 = System.nanoTime();
        try (FlowTable t = Netns.call(NS, () -> FlowTable.install(SPEC, new int[0]))) {
            report(String.format("install (incl. availability probes): %.1f ms", millisSince(t0)));
            int[] all = IntStream.range(0, 4096).toArray();
            int[] half = IntStream.range(0, 4096).filter(b -> b % 2 == 0).toArray();
            t.setOwnedBuckets(all); // warm-up
            double best = Double.MAX_VALUE;
            double sum = 0;
            for (int i = 0; i < 10; i++) {
                long s = System.nanoTime();
                t.setOwnedBuckets(i % 2 == 0 ? all : half);
                double ms = millisSince(s);
                best = Math.min(best, ms);
                sum += ms;
            }
            report(String.format("setOwnedBuckets 4096/2048 buckets: mean %.2f ms, best %.2f ms (10 runs)", sum / 10, best));
            assertTrue(best < 500, "setOwnedBuckets took " + best + " ms");

            seed(FLOWS);
            long s = System.nanoTime();
            List<CompletableFuture<Void>> all20k = new ArrayList<>(FLOWS);
            for (int i = 0; i < FLOWS; i++) all20k.add(t.forget(addr(i), port(i)));
            CompletableFuture.allOf(all20k.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            double batchedMs = millisSince(s);
            ForgetStats stats = t.forgetStats();
            report(String.format("forget batched: %d flows in %.1f ms = %.2f us/flow, %d transactions",
                    FLOWS, batchedMs, batchedMs * 1000 / FLOWS, stats.transactions()));
            assertEquals(FLOWS, stats.applied());
            assertTrue(NftListing.table(NS).elements("mine").isEmpty());

            int single = 500;
            seed(single);
            s = System.nanoTime();
            for (int i = 0; i < single; i++) t.forget(addr(i), port(i)).get(5, TimeUnit.SECONDS);
            report(String.format("forget one at a time (wait for each; entry present): %.1f us/flow", millisSince(s) * 1000 / single));
            s = System.nanoTime();
            for (int i = 0; i < single; i++) t.forget(addr(i), port(i)).get(5, TimeUnit.SECONDS);
            report(String.format("forget one at a time (entry already gone: add+delete after the first miss): %.1f us/flow",
                    millisSince(s) * 1000 / single));
        }
        compareDeleteStrategies();
    }

    /** Plain delete (fails on a missing element) vs add+delete (what FlowRules.forget does). */
    private static void compareDeleteStrategies() {
        Netns.call(NS, () -> {
            try (NftContext ctx = new NftContext()) {
                ctx.runOrThrow("install", FlowRules.install(SPEC, new int[0]));
                int n = 2000;
                String elements = IntStream.range(0, n).mapToObj(i -> FlowKey.of(addr(i), port(i)).toNft())
                        .collect(Collectors.joining(", ", "{ ", " }"));
                ctx.runOrThrow("seed", "add element inet dts mine " + elements);
                long s = System.nanoTime();
                ctx.runOrThrow("delete", "delete element inet dts mine " + elements);
                double plain = millisSince(s);
                ctx.runOrThrow("seed", "add element inet dts mine " + elements);
                s = System.nanoTime();
                ctx.runOrThrow("add+delete", "add element inet dts mine " + elements + "\ndelete element inet dts mine " + elements);
                double both = millisSince(s);
                report(String.format("%d elements in one transaction: delete %.2f us/elem, add+delete %.2f us/elem",
                        n, plain * 1000 / n, both * 1000 / n));
                int single = 500;
                ctx.runOrThrow("seed", "add element inet dts mine " + elements);
                double viaLibnftables = forgetOneAtATime(ctx, null, single);
                ctx.runOrThrow("seed", "add element inet dts mine " + elements);
                double viaNetlink;
                try (NftNetlink nl = new NftNetlink()) {
                    viaNetlink = forgetOneAtATime(ctx, nl, single);
                }
                report(String.format("one forget per transaction (entry present): libnftables %.1f us, netlink destroy %.1f us"
                        + " (%.1fx less)", viaLibnftables, viaNetlink, viaLibnftables / viaNetlink));
                ctx.runOrThrow("cleanup", FlowRules.deleteTable());
            }
            return null;
        });
    }

    /** Microseconds per forget when each is its own transaction, through {@code nl} or (null) libnftables alone. */
    private static double forgetOneAtATime(NftContext ctx, NftNetlink nl, int count) {
        ForgetBatch batch = new ForgetBatch();
        batch.useNetlink(nl);
        long s = System.nanoTime();
        for (int i = 0; i < count; i++) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            batch.add(FlowKey.of(addr(i), port(i)), done);
            batch.apply(ctx);
            done.join();
        }
        double us = millisSince(s) * 1000 / count;
        assertEquals(new ForgetStats(count, 0, count), batch.stats());
        return us;
    }

    private static void seed(int flows) {
        Netns.call(NS, () -> {
            try (NftContext ctx = new NftContext()) {
                for (int from = 0; from < flows; from += 5000) {
                    String elements = IntStream.range(from, Math.min(flows, from + 5000))
                            .mapToObj(i -> FlowKey.of(addr(i), port(i)).toNft()).collect(Collectors.joining(", ", "{ ", " }"));
                    ctx.runOrThrow("seed", "add element inet dts mine " + elements);
                }
            }
            return null;
        });
    }

    private static byte[] addr(int i) { return new byte[] {10, 1, (byte) (i >>> 16), (byte) (i >>> 8)}; }

    private static int port(int i) { return 1024 + (i & 0xff); }
}
