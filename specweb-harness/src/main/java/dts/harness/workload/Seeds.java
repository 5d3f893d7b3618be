package dts.harness.workload;

/** Stable 64-bit mixing so every file and session gets its own reproducible random stream. */
public final class Seeds {
    private Seeds() {}

    /** Mixes a seed with any number of coordinates (SplitMix64 finaliser per step). */
    public static long mix(long seed, long... parts) {
        long h = finalise(seed ^ 0x9E3779B97F4A7C15L);
        for (long p : parts) h = finalise(h + 0x9E3779B97F4A7C15L + p);
        return h;
    }

    /** Mixes a seed with a string (e.g. a path). */
    public static long mix(long seed, String text) {
        long h = finalise(seed);
        for (int i = 0; i < text.length(); i++) h = finalise(h ^ text.charAt(i));
        return h;
    }

    /** Uniform double in [0, 1) from a mixed value. */
    public static double unit(long mixed) {
        return (mixed >>> 11) * 0x1.0p-53;
    }

    private static long finalise(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
