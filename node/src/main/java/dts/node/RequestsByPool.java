package dts.node;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The requests this node answered, by the pool of the routing rule that placed them ({@link #NO_POOL}
 * when none did: the inspector's 400, 408, 431, 505, and 503 when no rule matches). Pool names come
 * from the config, so the label set is bounded; past {@link #MAX_POOLS} names (many reloads with new
 * pools) the rest count as {@link #OTHER_POOLS}. Thread-safe; counting a known pool allocates nothing
 * and never throws.
 */
public final class RequestsByPool {
    /** Requests no rule placed. Not a valid pool name (those start with a letter or digit). */
    public static final String NO_POOL = "_none";
    /** Requests of pools named after the first {@link #MAX_POOLS}. */
    public static final String OTHER_POOLS = "_other";
    static final int MAX_POOLS = 256;

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    public RequestsByPool() {
        counts.put(NO_POOL, new LongAdder());
    }

    /** Shows {@code pools} (those of the config in force) from the start, at 0 until they serve. */
    public void known(Collection<String> pools) {
        for (String p : pools) adder(p);
    }

    /** Counts one request of {@code pool} (null: {@link #NO_POOL}). */
    public void count(String pool) {
        String p = pool == null ? NO_POOL : pool;
        LongAdder a = counts.get(p);
        (a != null ? a : adder(p)).increment();
    }

    /** The requests of {@code pool} so far (0 for a pool never seen). */
    public long of(String pool) {
        LongAdder a = counts.get(pool);
        return a == null ? 0 : a.sum();
    }

    private LongAdder adder(String pool) {
        if (counts.size() >= MAX_POOLS && !counts.containsKey(pool)) return counts.computeIfAbsent(OTHER_POOLS, k -> new LongAdder());
        return counts.computeIfAbsent(pool, k -> new LongAdder());
    }

    /** {@code {pool: n}}, by pool name. */
    public Map<String, Long> snapshot() {
        Map<String, Long> m = new TreeMap<>();
        counts.forEach((p, a) -> m.put(p, a.sum()));
        return m;
    }
}
