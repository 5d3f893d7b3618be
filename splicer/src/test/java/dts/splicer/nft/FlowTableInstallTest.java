package dts.splicer.nft;

import dts.splicer.sys.Netns;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The table as the kernel holds it after install / setOwnedBuckets / forget / close (in a throwaway netns). */
class FlowTableInstallTest {
    private static final String NS = "dts-t-nft-inst";
    private static final FlowTable.Spec SPEC = new FlowTable.Spec("198.18.0.10", 80, 4096, 0x5eed, 60);

    @BeforeAll static void setUp() { TestNs.recreate(NS); }

    @AfterAll static void tearDown() { TestNs.delete(NS); }

    private static FlowTable install(int... owned) { return Netns.call(NS, () -> FlowTable.install(SPEC, owned)); }

    @Test void installsRulesAndSets() {
        try (FlowTable t = install(1, 2, 3, 3)) {
            NftListing l = NftListing.table(NS);
            assertEquals(-300L, l.chain("prerouting").get("prio"));
            assertEquals("prerouting", l.chain("prerouting").get("hook"));
            assertEquals("accept", l.chain("prerouting").get("policy"));
            List<String> pre = l.rules("prerouting");
            assertEquals(1, pre.size(), pre.toString());
            assertTrue(pre.get(0).contains("198.18.0.10") && pre.get(0).contains("dport") && pre.get(0).contains("target=vip"), pre.get(0));
            List<String> vip = l.rules("vip");
            assertEquals(4, vip.size(), vip.toString());
            assertTrue(vip.get(0).contains("[syn, ack]") && vip.get(0).contains("right=syn") && vip.get(0).contains("target=syn"), vip.get(0));
            assertTrue(vip.get(1).contains("socket={key=transparent}") && vip.get(1).contains("right=1") && vip.get(1).contains("accept"), vip.get(1));
            assertTrue(vip.get(2).contains("right=@mine") && vip.get(2).contains("right=@lease_tail") && vip.get(2).contains("accept"), vip.get(2));
            assertEquals("[{drop=null}]", vip.get(3));
            List<String> syn = l.rules("syn");
            assertEquals(4, syn.size(), syn.toString());
            assertTrue(syn.get(0).contains("jhash={mod=4096, seed=24301"), syn.get(0));
            assertTrue(syn.get(1).contains("right=@lease") && syn.get(2).contains("right=@lease"), "both accepts need the lease: " + syn);
            assertTrue(syn.get(1).contains("right=@owned") && syn.get(1).contains("key=wildcard") && syn.get(1).contains("op=update")
                    && syn.get(1).contains("accept"), syn.get(1));
            assertTrue(syn.get(2).contains("right=@owned") && syn.get(2).contains("key=transparent") && syn.get(2).contains("op=update")
                    && syn.get(2).contains("accept"), syn.get(2));
            assertTrue(syn.get(3).contains("value=0") && syn.get(3).contains("drop"), syn.get(3));
            assertEquals(List.of(1L, 2L, 3L), l.elements("owned"));
            assertEquals("mark", l.set("owned").get("type"));
            assertEquals(List.of("ipv4_addr", "inet_service"), l.set("mine").get("type"));
            assertEquals(60L, l.set("mine").get("timeout"));
            assertTrue(l.elements("mine").isEmpty());
        }
    }

    @Test void installReplacesAStaleTable() {
        TestNs.inNs(NS, "nft", "add table inet dts; add set inet dts stale { type mark; }");
        try (FlowTable t = install()) {
            assertFalse(NftListing.table(NS).toString().contains("stale"));
            assertTrue(NftListing.table(NS).elements("owned").isEmpty());
        }
    }

    @Test void setOwnedBucketsReplacesTheSet() {
        try (FlowTable t = install(7, 8)) {
            int[] all = IntStream.range(0, 4096).toArray();
            t.setOwnedBuckets(all);
            assertEquals(4096, NftListing.table(NS).elements("owned").size());
            t.setOwnedBuckets(new int[] {5, 4095});
            assertEquals(List.of(5L, 4095L), NftListing.table(NS).elements("owned"));
            t.setOwnedBuckets(new int[0]);
            assertTrue(NftListing.table(NS).elements("owned").isEmpty());
        }
    }

    @Test void forgetRemovesAnElementAndToleratesMissingOnes() throws Exception {
        try (FlowTable t = install()) {
            TestNs.inNs(NS, "nft", "add element inet dts mine { 198.18.0.100 . 40000, 198.18.0.100 . 40001 }");
            assertEquals(2, NftListing.table(NS).elements("mine").size());
            // From this (root-namespace) thread: the worker applies them in the table's namespace.
            CompletableFuture<Void> missing = t.forget(new byte[] {(byte) 198, 18, 0, 101}, 5555);
            CompletableFuture<Void> present = t.forget(new byte[] {(byte) 198, 18, 0, 100}, 40000);
            CompletableFuture<Void> missingToo = t.forget(new byte[] {(byte) 198, 18, 0, 102}, 1);
            CompletableFuture.allOf(missing, present, missingToo).get(5, TimeUnit.SECONDS);
            List<Object> left = NftListing.table(NS).elements("mine");
            assertEquals(1, left.size(), left.toString());
            assertTrue(left.toString().contains("40001"), left.toString());
            CompletableFuture<Void> ran = new CompletableFuture<>();
            t.forget(new byte[] {(byte) 198, 18, 0, 100}, 40001, () -> ran.complete(null));
            ran.get(5, TimeUnit.SECONDS);
            assertTrue(NftListing.table(NS).elements("mine").isEmpty());
            assertEquals(4, t.forgetStats().applied());
            assertEquals(0, t.forgetStats().failed());
        }
    }

    @Test void closeRemovesTheTableAndIsIdempotent() throws Exception {
        FlowTable t = install(1);
        assertTrue(NftListing.tableExists(NS));
        t.close();
        assertFalse(NftListing.tableExists(NS));
        t.close();
        CompletableFuture<Void> late = t.forget(new byte[] {1, 2, 3, 4}, 5);
        assertTrue(late.isCompletedExceptionally());
    }

    @Test void closeDroppingAllLeavesATableThatDropsEverythingToTheVip() throws Exception {
        FlowTable t = install(1);
        t.closeDroppingAll();
        NftListing l = NftListing.table(NS);
        assertEquals(List.of("[{drop=null}]"), l.rules("vip"));
        FlowTable again = install(2); // a restarted daemon replaces it
        try {
            assertEquals(4, NftListing.table(NS).rules("vip").size());
        } finally {
            again.close();
        }
        assertFalse(NftListing.tableExists(NS));
    }

    @Test void checkAvailablePassesHereAndLeavesNothing() {
        Netns.call(NS, () -> { FlowTable.checkAvailable(); return null; });
        assertFalse(TestNs.inNs(NS, "nft", "list", "tables").contains("dts_probe"));
    }
}
