package dts.inspector.route;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Loads now, and their exponentially weighted moving averages ({@link #steadyLoad}) over a time
 * constant of {@code tauMillis}, from {@link #sample}s taken by one thread at a steady pace. No I/O,
 * no thread of its own: the node samples it on its control loop. Readers on any thread see the last
 * averages.
 */
public final class SteadyLoads implements LoadView {
    private final LoadView now;
    private final double tauNanos;
    private final Map<String, Double> averages = new ConcurrentHashMap<>();
    private long lastNanos = Long.MIN_VALUE; // the sampling thread's

    /**
     * @param now       the loads now
     * @param tauMillis the averages' time constant (&gt; 0)
     */
    public SteadyLoads(LoadView now, long tauMillis) {
        if (tauMillis <= 0) throw new IllegalArgumentException("tauMillis: " + tauMillis + " (expected: > 0)");
        this.now = now;
        this.tauNanos = tauMillis * 1e6;
    }

    @Override
    public int load(String nodeId) {
        return now.load(nodeId);
    }

    @Override
    public int steadyLoad(String nodeId) {
        Double avg = averages.get(nodeId);
        return avg == null ? now.load(nodeId) : (int) Math.round(avg);
    }

    /** Folds the loads of {@code nodes} now into their averages; forgets other nodes. One thread. */
    public void sample(Set<String> nodes, long nowNanos) {
        double alpha = lastNanos == Long.MIN_VALUE ? 1 : 1 - Math.exp(-Math.max(0, nowNanos - lastNanos) / tauNanos);
        lastNanos = nowNanos;
        for (String id : nodes) {
            double l = now.load(id);
            Double avg = averages.get(id);
            averages.put(id, avg == null ? l : avg + alpha * (l - avg));
        }
        averages.keySet().retainAll(nodes);
    }
}
