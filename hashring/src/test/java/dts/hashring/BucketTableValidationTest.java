package dts.hashring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BucketTableValidationTest {

    @ParameterizedTest
    @ValueSource(ints = {0, -4096, 32, 100, 4095, 131072})
    void bucketsMustBeAPowerOfTwoInRange(int buckets) {
        assertEquals("buckets: " + buckets + " (expected: power of two in [64, 65536])",
                message(() -> BucketTable.build(buckets, List.of("a"))));
    }

    @Test
    void rangeEndsAreAccepted() {
        assertEquals(64, BucketTable.build(64, List.of("a")).buckets());
        assertEquals(65536, BucketTable.build(65536, List.of("a")).buckets());
    }

    @Test
    void nodeIdsAreValidated() {
        assertEquals("nodeIds: [] (expected: at least one node)", message(() -> BucketTable.build(64, List.of())));
        assertEquals("nodeIds: null (expected: at least one node)", message(() -> BucketTable.build(64, null)));
        assertEquals("nodeIds: \"\" at index 1 (expected: non-empty id)",
                message(() -> BucketTable.build(64, List.of("a", ""))));
        assertEquals("nodeIds: null at index 0 (expected: non-empty id)",
                message(() -> BucketTable.build(64, Arrays.asList(null, "a"))));
        assertEquals("nodeIds: \"b\" twice (expected: unique ids)",
                message(() -> BucketTable.build(64, List.of("b", "a", "b"))));
    }

    @Test
    void ownerAndDiffRejectWrongArguments() {
        BucketTable table = BucketTable.build(64, List.of("a"));
        assertEquals("bucket: 64 (expected: in [0, 64))", message(() -> table.owner(64)));
        assertEquals("bucket: -1 (expected: in [0, 64))", message(() -> table.owner(-1)));
        assertEquals("newer: 128 buckets (expected: a table of 64 buckets)",
                message(() -> table.diff(BucketTable.build(128, List.of("a")))));
        assertEquals("newer: null (expected: a table of 64 buckets)", message(() -> table.diff(null)));
    }

    private static String message(Runnable call) {
        return assertThrows(HashRingException.class, call::run).getMessage();
    }
}
