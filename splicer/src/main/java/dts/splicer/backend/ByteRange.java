package dts.splicer.backend;

/**
 * A single byte range of a representation of {@code size} bytes, parsed from a Range header value
 * (RFC 9110 §14.1.2): {@code bytes=a-b}, {@code bytes=a-}, {@code bytes=-n}. A header that is not a
 * single well-formed byte range (another unit, bad syntax, a last before the first, several ranges)
 * is IGNORED: the whole representation is served with 200. Positions beyond size are unsatisfiable
 * (416); a last position past the end is clamped; numbers saturate instead of overflowing.
 */
record ByteRange(Kind kind, long first, long length) {
    enum Kind { IGNORED, SATISFIABLE, UNSATISFIABLE }

    private static final ByteRange IGNORE = new ByteRange(Kind.IGNORED, 0, 0);
    private static final ByteRange UNSATISFIED = new ByteRange(Kind.UNSATISFIABLE, 0, 0);

    long last() { return first + length - 1; }

    static ByteRange parse(String header, long size) {
        if (header == null) return IGNORE;
        String h = header.strip();
        if (h.length() < 6 || !h.regionMatches(true, 0, "bytes", 0, 5)) return IGNORE;
        int eq = h.indexOf('=');
        if (eq < 0 || !h.substring(5, eq).isBlank()) return IGNORE;
        String spec = h.substring(eq + 1).strip();
        if (spec.indexOf(',') >= 0) return IGNORE;
        int dash = spec.indexOf('-');
        if (dash < 0) return IGNORE;
        long a = digits(spec.substring(0, dash).strip());
        long b = digits(spec.substring(dash + 1).strip());
        if (dash == 0 || spec.substring(0, dash).isBlank()) {
            if (b < 0) return IGNORE;
            if (b == 0 || size == 0) return UNSATISFIED;
            long n = Math.min(b, size);
            return new ByteRange(Kind.SATISFIABLE, size - n, n);
        }
        if (a < 0) return IGNORE;
        boolean open = spec.substring(dash + 1).isBlank();
        if (!open && (b < 0 || b < a)) return IGNORE;
        if (a >= size) return UNSATISFIED;
        long last = open ? size - 1 : Math.min(b, size - 1);
        return new ByteRange(Kind.SATISFIABLE, a, last - a + 1);
    }

    /** A non-negative decimal number, saturating at Long.MAX_VALUE; -1 when empty or not digits. */
    private static long digits(String s) {
        if (s.isEmpty()) return -1;
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return -1;
            v = v > (Long.MAX_VALUE - 9) / 10 ? Long.MAX_VALUE : v * 10 + (c - '0');
        }
        return v;
    }
}
