package dts.splicer.nft;

import dts.splicer.sys.Netns;
import dts.splicer.sys.SysException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Set-element destroy over raw netlink: exactly the named keys go, across transactions, and refusals carry errno. */
class NftNetlinkTest {
    private static final String NS = "dts-t-nft-netlink";
    private static final FlowTable.Spec SPEC = new FlowTable.Spec("198.18.0.10", 80, 16, 1, 60);

    @BeforeAll static void setUp() { TestNs.recreate(NS); }

    @AfterAll static void tearDown() { TestNs.delete(NS); }

    @Test void destroysExactlyTheNamedKeysAcrossTransactions() {
        int n = NftNetlink.MAX_KEYS_PER_TRANSACTION * 2 + 7;
        Netns.call(NS, () -> {
            try (NftContext ctx = new NftContext(); NftNetlink nl = new NftNetlink()) {
                ctx.runOrThrow("install", FlowRules.install(SPEC, new int[0]));
                List<FlowKey> keys = new ArrayList<>();
                for (int i = 0; i < n; i++) keys.add(new FlowKey(0xc6120000 | i, 1024 + (i % 60000)));
                ctx.runOrThrow("seed", "add element inet dts mine "
                        + keys.stream().map(FlowKey::toNft).collect(Collectors.joining(", ", "{ ", " }")));
                ctx.runOrThrow("keep", "add element inet dts mine { 10.9.9.9 . 65535 }");
                List<FlowKey> doomed = new ArrayList<>(keys);
                doomed.add(new FlowKey(0x0a000001, 1)); // never there: no error
                nl.destroyElements(FlowRules.TABLE_NAME, FlowRules.MINE_SET, doomed);
                assertEquals(1, NftListing.table(NS).elements("mine").size());
                String left = ctx.runOrThrow("list", "list set inet dts mine");
                assertTrue(left.contains("10.9.9.9 . 65535"), left);
                nl.destroyElements(FlowRules.TABLE_NAME, FlowRules.MINE_SET, doomed); // all gone now: still no error
                ctx.runOrThrow("cleanup", FlowRules.deleteTable());
            }
            return null;
        });
    }

    @Test void refusalCarriesTheKernelsErrno() {
        Netns.call(NS, () -> {
            try (NftContext ctx = new NftContext(); NftNetlink nl = new NftNetlink()) {
                ctx.runOrThrow("install", FlowRules.install(SPEC, new int[0]));
                SysException e = assertThrows(SysException.class,
                        () -> nl.destroyElements(FlowRules.TABLE_NAME, "no-such-set", List.of(new FlowKey(1, 1))));
                assertEquals(2, e.errno(), e.getMessage()); // ENOENT
                ctx.runOrThrow("seed", "add element inet dts mine { 10.0.0.1 . 1 }");
                nl.destroyElements(FlowRules.TABLE_NAME, FlowRules.MINE_SET, List.of(new FlowKey(0x0a000001, 1)));
                assertTrue(NftListing.table(NS).elements("mine").isEmpty(), "the socket works after a refusal");
                ctx.runOrThrow("cleanup", FlowRules.deleteTable());
            }
            return null;
        });
    }
}
