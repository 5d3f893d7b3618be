package dts.node;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The HTTP responses this node wrote, by status class ({@code 1xx} … {@code 5xx}, {@code other} for a
 * status outside 100–599), as HAProxy's {@code http_responses_total{code}}. Final responses only: an
 * interim 1xx (100 Continue, 103 Early Hints) is not counted, 101 Switching Protocols is. Thread-safe;
 * counting allocates nothing and never throws.
 */
public final class ResponseClasses {
    /** The classes in index order (the label values of the metric and the keys of the status map). */
    public static final String[] NAMES = {"1xx", "2xx", "3xx", "4xx", "5xx", "other"};
    static final int OTHER = NAMES.length - 1;

    private final LongAdder[] counts = new LongAdder[NAMES.length];

    public ResponseClasses() {
        for (int i = 0; i < counts.length; i++) counts[i] = new LongAdder();
    }

    /** The index in {@link #NAMES} of {@code status}'s class. */
    public static int classOf(int status) {
        return status >= 100 && status <= 599 ? status / 100 - 1 : OTHER;
    }

    /** Whether {@code status} is an interim response (1xx but 101): another head follows for the same request. */
    static boolean interim(int status) {
        return status >= 100 && status < 200 && status != 101;
    }

    /** Counts one response with {@code status} (an interim one is not counted). */
    public void count(int status) {
        if (!interim(status)) counts[classOf(status)].increment();
    }

    /** The responses of class {@code name} (one of {@link #NAMES}) so far. */
    public long of(String name) {
        for (int i = 0; i < NAMES.length; i++) if (NAMES[i].equals(name)) return counts[i].sum();
        throw new IllegalArgumentException("status class: " + name + " (expected one of " + String.join(", ", NAMES) + ")");
    }

    /** {@code {"1xx": n, …, "other": n}}, in class order. */
    public Map<String, Long> snapshot() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (int i = 0; i < NAMES.length; i++) m.put(NAMES[i], counts[i].sum());
        return m;
    }
}
