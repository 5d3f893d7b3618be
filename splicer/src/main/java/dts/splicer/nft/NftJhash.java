package dts.splicer.nft;

/**
 * The bucket nftables computes for a flow with {@code jhash ip saddr . tcp sport mod B seed S}:
 * the kernel's {@code jhash()} over the 8-byte concatenation register (address, port, two zero
 * padding bytes, read as little-endian words), scaled by {@code reciprocal_scale(h, B)}.
 * Lets user space name the bucket of an accepted connection without asking the kernel.
 */
public final class NftJhash {
    private static final int JHASH_INITVAL = 0xdeadbeef;
    private static final int KEY_LENGTH_BYTES = 8;

    private NftJhash() {}

    /** The bucket (0..buckets-1) of client {@code addr}:{@code port} for {@code mod buckets seed seed}. */
    public static int bucketOf(byte[] addr, int port, int buckets, int seed) {
        if (addr.length != 4) throw new IllegalArgumentException("addr: " + addr.length + " bytes (expected: 4)");
        if (buckets < 1) throw new IllegalArgumentException("buckets: " + buckets + " (expected: >= 1)");
        int word0 = (addr[0] & 0xff) | (addr[1] & 0xff) << 8 | (addr[2] & 0xff) << 16 | (addr[3] & 0xff) << 24;
        int word1 = ((port >>> 8) & 0xff) | (port & 0xff) << 8; // network order port, then zero padding
        return (int) (((jhash8(word0, word1, seed) & 0xffffffffL) * buckets) >>> 32);
    }

    /** The kernel's jhash() for an 8-byte key given as two little-endian words. */
    static int jhash8(int word0, int word1, int seed) {
        int init = JHASH_INITVAL + KEY_LENGTH_BYTES + seed;
        int a = init + word0;
        int b = init + word1;
        int c = init;
        c ^= b; c -= Integer.rotateLeft(b, 14);
        a ^= c; a -= Integer.rotateLeft(c, 11);
        b ^= a; b -= Integer.rotateLeft(a, 25);
        c ^= b; c -= Integer.rotateLeft(b, 16);
        a ^= c; a -= Integer.rotateLeft(c, 4);
        b ^= a; b -= Integer.rotateLeft(a, 14);
        c ^= b; c -= Integer.rotateLeft(b, 24);
        return c;
    }
}
