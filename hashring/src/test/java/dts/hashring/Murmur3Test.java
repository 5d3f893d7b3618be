package dts.hashring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.common.hash.Hashing;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Murmur3Test {

    @Test
    void equalsGuavaMurmur3OfTwoLongs() {
        SplittableRandom random = new SplittableRandom(42);
        long[] edges = {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, 4095};
        for (long a : edges) {
            for (long b : edges) {
                assertEquals(guava(a, b), Murmur3.hash(a, b), a + ", " + b);
            }
        }
        for (int i = 0; i < 10_000; i++) {
            long a = random.nextLong();
            long b = random.nextLong();
            assertEquals(guava(a, b), Murmur3.hash(a, b), a + ", " + b);
        }
    }

    private static long guava(long a, long b) {
        return Hashing.murmur3_128().newHasher().putLong(a).putLong(b).hash().asLong();
    }
}
