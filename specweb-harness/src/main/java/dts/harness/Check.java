package dts.harness;

/** Validation helpers producing messages like {@code "sessions: 0 (expected: >= 1)"}. */
public final class Check {
    private Check() {}

    public static int atLeast(String name, int value, int min) {
        if (value < min) throw new HarnessException(name + ": " + value + " (expected: >= " + min + ")");
        return value;
    }

    public static long atLeast(String name, long value, long min) {
        if (value < min) throw new HarnessException(name + ": " + value + " (expected: >= " + min + ")");
        return value;
    }

    /** {@code lowExclusive < value <= high}. */
    public static double inHalfOpen(String name, double value, double lowExclusive, double high) {
        if (!(value > lowExclusive && value <= high)) {
            throw new HarnessException(name + ": " + value + " (expected: > " + lowExclusive + " and <= " + high + ")");
        }
        return value;
    }

    public static double positive(String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) throw new HarnessException(name + ": " + value + " (expected: > 0)");
        return value;
    }

    public static <T> T notNull(String name, T value) {
        if (value == null) throw new HarnessException(name + ": null (expected: a value)");
        return value;
    }

    public static String notBlank(String name, String value) {
        if (value == null || value.isBlank()) throw new HarnessException(name + ": '" + value + "' (expected: non-blank)");
        return value;
    }
}
