package dts.hashring;

import java.util.ArrayList;
import java.util.List;

/** Member lists for tests. */
final class Members {
    private Members() {
    }

    /** "node-1" .. "node-n". */
    static List<String> of(int n) {
        return named("node-", n);
    }

    static List<String> named(String prefix, int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            ids.add(prefix + i);
        }
        return ids;
    }

    static List<String> without(List<String> ids, String gone) {
        List<String> rest = new ArrayList<>(ids);
        rest.remove(gone);
        return rest;
    }
}
