package dts.splicer.nft;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pure checks: spec validation, element text, rule text. */
class FlowTableSpecTest {
    private static String message(Runnable r) { return assertThrows(IllegalArgumentException.class, r::run).getMessage(); }

    @Test void specRejectsBadValuesWithTheirName() {
        assertEquals("vip: 198.18.0 (expected: dotted IPv4 address)", message(() -> new FlowTable.Spec("198.18.0", 80, 16, 1, 60)));
        assertEquals("vip: 198.18.0.256 (expected: dotted IPv4 address)", message(() -> new FlowTable.Spec("198.18.0.256", 80, 16, 1, 60)));
        assertEquals("port: 0 (expected: 1..65535)", message(() -> new FlowTable.Spec("198.18.0.10", 0, 16, 1, 60)));
        assertEquals("buckets: 0 (expected: 1..65536)", message(() -> new FlowTable.Spec("198.18.0.10", 80, 0, 1, 60)));
        assertEquals("flowTimeoutSeconds: 0 (expected: 1..86400)", message(() -> new FlowTable.Spec("198.18.0.10", 80, 16, 1, 0)));
    }

    @Test void flowKeyFormatsAsNftElement() {
        assertEquals("198.18.0.100 . 40000", FlowKey.of(new byte[] {(byte) 198, 18, 0, 100}, 40000).toNft());
        assertEquals("clientAddr: 16 bytes (expected: 4-byte IPv4 address)", message(() -> FlowKey.of(new byte[16], 1)));
        assertEquals("clientPort: 70000 (expected: 0..65535)", message(() -> FlowKey.of(new byte[4], 70000)));
    }

    @Test void rulesCarryTheSpec() {
        String text = FlowRules.install(new FlowTable.Spec("198.18.0.10", 8080, 4096, 0x5eed, 30), new int[] {1, 2});
        assertTrue(text.startsWith("add table inet dts\ndelete table inet dts\n"), text);
        assertTrue(text.contains("ip daddr 198.18.0.10 tcp dport 8080 jump vip"), text);
        assertTrue(text.contains("meta mark set jhash ip saddr . tcp sport mod 4096 seed 0x5eed"), text);
        assertTrue(text.contains("timeout 30s"), text);
        assertTrue(text.endsWith("add element inet dts owned { 1, 2 }\n"), text);
        assertEquals("flush set inet dts owned\n", FlowRules.replaceOwned(new int[0]));
        String seedText = FlowRules.install(new FlowTable.Spec("198.18.0.10", 80, 16, -1, 30), new int[0]);
        assertTrue(seedText.contains("seed 0xffffffff"), seedText);
    }

    @Test void forgetDeletesAndTheTolerantFormAddsFirst() {
        List<FlowKey> keys = List.of(new FlowKey(0x0a000001, 1), new FlowKey(0x0a000002, 2));
        assertEquals("delete element inet dts mine { 10.0.0.1 . 1, 10.0.0.2 . 2 }\n", FlowRules.forget(keys));
        assertEquals("add element inet dts mine { 10.0.0.1 . 1, 10.0.0.2 . 2 }\n"
                + "delete element inet dts mine { 10.0.0.1 . 1, 10.0.0.2 . 2 }\n", FlowRules.forgetTolerant(keys));
    }

    @Test void jhashBucketsAreInRangeAndSpread() {
        int[] counts = new int[16];
        for (int port = 1024; port < 1024 + 16000; port++) {
            int b = NftJhash.bucketOf(new byte[] {(byte) 198, 18, 0, 100}, port, 16, 0x5eed);
            counts[b]++;
        }
        for (int c : counts) assertTrue(c > 800 && c < 1200, java.util.Arrays.toString(counts));
    }
}
