package dts.hashring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NodePickerTest {
    private static final List<String> IDS = Members.of(6);
    private static final NodePicker PICKER = NodePicker.rendezvous(IDS);

    @Test
    void firstNAttemptsAreDistinctThenWrap() {
        SplittableRandom random = new SplittableRandom(1);
        for (int k = 0; k < 1000; k++) {
            long hash = random.nextLong();
            List<String> order = order(PICKER, hash, IDS.size());
            assertEquals(Set.copyOf(IDS), new HashSet<>(order), "hash " + hash);
            for (int attempt = IDS.size(); attempt < 3 * IDS.size(); attempt++) {
                assertEquals(order.get(attempt % IDS.size()), PICKER.pick(hash, attempt));
            }
        }
    }

    @Test
    void orderIsStableWhenAnUnrelatedNodeLeaves() {
        SplittableRandom random = new SplittableRandom(2);
        for (String gone : IDS) {
            NodePicker smaller = NodePicker.rendezvous(Members.without(IDS, gone));
            for (int k = 0; k < 500; k++) {
                long hash = random.nextLong();
                List<String> expected = new ArrayList<>(order(PICKER, hash, IDS.size()));
                expected.remove(gone);
                assertEquals(expected, order(smaller, hash, IDS.size() - 1), "without " + gone);
            }
        }
    }

    @Test
    void inputOrderDoesNotMatter() {
        NodePicker reversed = NodePicker.rendezvous(IDS.reversed());
        SplittableRandom random = new SplittableRandom(3);
        for (int k = 0; k < 1000; k++) {
            long hash = random.nextLong();
            assertEquals(order(PICKER, hash, IDS.size()), order(reversed, hash, IDS.size()));
        }
    }

    @Test
    void firstChoiceOfABucketNumberIsItsTableOwner() {
        BucketTable table = BucketTable.build(1024, IDS);
        for (int b = 0; b < table.buckets(); b++) {
            assertEquals(table.owner(b), PICKER.pick(b, 0), "bucket " + b);
        }
    }

    @Test
    void firstChoicesSpreadEvenly() {
        Map<String, Integer> counts = new HashMap<>();
        int keys = 60_000;
        for (int k = 0; k < keys; k++) {
            counts.merge(PICKER.pick(Keys.hash("/file/" + k), 0), 1, Integer::sum);
        }
        double mean = (double) keys / IDS.size();
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            assertTrue(Math.abs(e.getValue() - mean) < 0.05 * mean, e.toString());
        }
        assertEquals(IDS.size(), counts.size());
    }

    @Test
    void singleNodeIsEveryChoice() {
        NodePicker solo = NodePicker.rendezvous(List.of("solo"));
        assertEquals("solo", solo.pick(5, 0));
        assertEquals("solo", solo.pick(5, 3));
    }

    @Test
    void wrongArgumentsAreRejected() {
        assertEquals("attempt: -1 (expected: >= 0)",
                assertThrows(HashRingException.class, () -> PICKER.pick(1, -1)).getMessage());
        assertEquals("nodeIds: \"a\" twice (expected: unique ids)",
                assertThrows(HashRingException.class, () -> NodePicker.rendezvous(List.of("a", "a"))).getMessage());
    }

    private static List<String> order(NodePicker picker, long hash, int n) {
        List<String> order = new ArrayList<>();
        for (int attempt = 0; attempt < n; attempt++) {
            order.add(picker.pick(hash, attempt));
        }
        return order;
    }
}
