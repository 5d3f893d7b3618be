package dts.splicer.nft;

import dts.splicer.sys.Netns;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One batch: a missing key does not fail the present ones; a real failure fails each key alone. */
class ForgetBatchTest {
    private static final String NS = "dts-t-nft-batch";
    private static final FlowTable.Spec SPEC = new FlowTable.Spec("198.18.0.10", 80, 16, 1, 60);

    @BeforeAll static void setUp() { TestNs.recreate(NS); }

    @AfterAll static void tearDown() { TestNs.delete(NS); }

    @Test void presentKeysTakeOneTransaction() {
        Netns.call(NS, () -> {
            try (NftContext ctx = new NftContext()) {
                ctx.runOrThrow("install", FlowRules.install(SPEC, new int[0]));
                ctx.runOrThrow("seed", "add element inet dts mine { 10.0.0.1 . 1, 10.0.0.2 . 2 }");
                ForgetBatch batch = new ForgetBatch();
                CompletableFuture<Void> a = new CompletableFuture<>();
                CompletableFuture<Void> b = new CompletableFuture<>();
                batch.add(new FlowKey(0x0a000001, 1), a);
                batch.add(new FlowKey(0x0a000002, 2), b);
                batch.apply(ctx);
                a.join();
                b.join();
                assertEquals(new ForgetStats(2, 0, 1), batch.stats());
                ctx.runOrThrow("cleanup", FlowRules.deleteTable());
            }
            return null;
        });
    }

    @Test void missingKeysDoNotFailTheBatch() {
        Netns.call(NS, () -> {
            try (NftContext ctx = new NftContext()) {
                ctx.runOrThrow("install", FlowRules.install(SPEC, new int[0]));
                ctx.runOrThrow("seed", "add element inet dts mine { 10.0.0.1 . 1, 10.0.0.2 . 2 }");
                ForgetBatch batch = new ForgetBatch();
                CompletableFuture<Void> a = new CompletableFuture<>();
                CompletableFuture<Void> gone = new CompletableFuture<>();
                CompletableFuture<Void> b = new CompletableFuture<>();
                CompletableFuture<Void> bAgain = new CompletableFuture<>();
                batch.add(new FlowKey(0x0a000001, 1), a);
                batch.add(new FlowKey(0x0a000009, 9), gone);
                batch.add(new FlowKey(0x0a000002, 2), b);
                batch.add(new FlowKey(0x0a000002, 2), bAgain);
                batch.apply(ctx);
                for (CompletableFuture<Void> f : new CompletableFuture[] {a, gone, b, bAgain}) f.join();
                assertEquals(new ForgetStats(3, 0, 2), batch.stats()); // plain delete fails, tolerant retry succeeds
                CompletableFuture<Void> next = new CompletableFuture<>();
                batch.add(new FlowKey(0x0a000009, 9), next);
                batch.apply(ctx);
                next.join();
                assertEquals(new ForgetStats(4, 0, 3), batch.stats()); // after a miss: tolerant first, one transaction
                String left = ctx.runOrThrow("list", "list set inet dts mine");
                assertFalse(left.contains("elements"), left);
                ctx.runOrThrow("cleanup", FlowRules.deleteTable());
            }
            return null;
        });
    }

    @Test void realFailuresAreIsolatedPerKey() {
        Netns.call(NS, () -> {
            try (NftContext ctx = new NftContext()) {
                ctx.runOrThrow("cleanup", FlowRules.deleteTable()); // no table: every forget fails
                ForgetBatch batch = new ForgetBatch();
                CompletableFuture<Void> a = new CompletableFuture<>();
                CompletableFuture<Void> b = new CompletableFuture<>();
                batch.add(new FlowKey(0x0a000001, 1), a);
                batch.add(new FlowKey(0x0a000002, 2), b);
                batch.apply(ctx);
                ExecutionException e = assertThrows(ExecutionException.class, a::get);
                assertTrue(e.getCause().getMessage().startsWith("forget 10.0.0.1 . 1: "), e.getCause().getMessage());
                assertTrue(b.isCompletedExceptionally());
                assertEquals(new ForgetStats(0, 2, 4), batch.stats()); // batch, tolerant batch, then each key
            }
            return null;
        });
    }

    @Test void netlinkDestroyTakesPresentAndMissingKeysInOneTransaction() {
        Netns.call(NS, () -> {
            try (NftContext ctx = new NftContext()) {
                ctx.runOrThrow("install", FlowRules.install(SPEC, new int[0]));
                ctx.runOrThrow("seed", "add element inet dts mine { 10.0.0.1 . 1, 10.0.0.2 . 2, 10.0.0.3 . 3 }");
                ForgetBatch batch = new ForgetBatch();
                batch.useNetlink(new NftNetlink());
                try {
                    CompletableFuture<Void> a = new CompletableFuture<>();
                    CompletableFuture<Void> gone = new CompletableFuture<>();
                    CompletableFuture<Void> b = new CompletableFuture<>();
                    batch.add(new FlowKey(0x0a000001, 1), a);
                    batch.add(new FlowKey(0x0a000009, 9), gone);
                    batch.add(new FlowKey(0x0a000002, 2), b);
                    batch.apply(ctx);
                    for (CompletableFuture<Void> f : new CompletableFuture[] {a, gone, b}) f.join();
                    assertEquals(new ForgetStats(3, 0, 1), batch.stats());
                    String left = ctx.runOrThrow("list", "list set inet dts mine");
                    assertTrue(left.contains("10.0.0.3 . 3"), left);
                    assertFalse(left.contains("10.0.0.1 . 1") || left.contains("10.0.0.2 . 2"), left);
                } finally {
                    batch.closeNetlink();
                }
                ctx.runOrThrow("cleanup", FlowRules.deleteTable());
            }
            return null;
        });
    }

    @Test void netlinkRefusalLeavesTheKeysToLibnftables() {
        Netns.call(NS, () -> {
            try (NftContext ctx = new NftContext()) {
                ctx.runOrThrow("cleanup", FlowRules.deleteTable()); // no table: netlink says ENOENT
                ForgetBatch batch = new ForgetBatch();
                batch.useNetlink(new NftNetlink());
                try {
                    CompletableFuture<Void> a = new CompletableFuture<>();
                    batch.add(new FlowKey(0x0a000001, 1), a);
                    batch.apply(ctx);
                    ExecutionException e = assertThrows(ExecutionException.class, a::get);
                    assertTrue(e.getCause().getMessage().startsWith("forget 10.0.0.1 . 1: "), e.getCause().getMessage());
                    assertEquals(new ForgetStats(0, 1, 4), batch.stats()); // netlink, batch, tolerant batch, the key
                } finally {
                    batch.closeNetlink();
                }
            }
            return null;
        });
    }
}
