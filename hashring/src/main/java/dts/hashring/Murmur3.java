package dts.hashring;

/**
 * Allocation-free MurmurHash3 x64 128 of two longs: {@code hash(a, b)} equals Guava's
 * {@code Hashing.murmur3_128().newHasher().putLong(a).putLong(b).hash().asLong()} (checked by a test),
 * which costs an allocated hasher and hash code per call.
 */
final class Murmur3 {
    private static final long C1 = 0x87c37b91114253d5L;
    private static final long C2 = 0x4cf5ad432745937fL;

    private Murmur3() {
    }

    static long hash(long a, long b) {
        long h1 = 0;
        long h2 = 0;
        h1 ^= Long.rotateLeft(a * C1, 31) * C2;
        h1 = Long.rotateLeft(h1, 27) + h2;
        h1 = h1 * 5 + 0x52dce729;
        h2 ^= Long.rotateLeft(b * C2, 33) * C1;
        h2 = Long.rotateLeft(h2, 31) + h1;
        h2 = h2 * 5 + 0x38495ab5;
        h1 ^= 16;
        h2 ^= 16;
        h1 += h2;
        h2 += h1;
        h1 = fmix64(h1);
        h2 = fmix64(h2);
        return h1 + h2;
    }

    private static long fmix64(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }
}
