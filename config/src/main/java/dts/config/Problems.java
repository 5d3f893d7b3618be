package dts.config;

import java.util.ArrayList;
import java.util.List;

/** Collects validation problems so that one pass reports all of them. */
final class Problems {
    private final List<String> lines = new ArrayList<>();

    /** {@code path: reason}. */
    void add(String path, String reason) {
        lines.add(path + ": " + reason);
    }

    /** {@code path: value (expected: expectation)}. */
    void expected(String path, Object value, String expectation) {
        add(path, value + " (expected: " + expectation + ")");
    }

    boolean isEmpty() {
        return lines.isEmpty();
    }

    int size() {
        return lines.size();
    }

    void throwIfAny(String source) {
        if (!lines.isEmpty()) {
            throw new ConfigException(source, lines);
        }
    }
}
