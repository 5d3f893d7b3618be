package dts.harness.client;

import org.HdrHistogram.Histogram;

import java.util.Map;

/**
 * What one load-client run measured. Requests = pages + downloads = successful requests; failed
 * ones are only in {@code errorsByKind}. {@code unfinished}: requests still outstanding when the
 * drain timeout cut the run (neither success nor error).
 *
 * @param pageLatencyMicros page response times (request sent → last body byte), microseconds
 * @param bytesPerSecond    body bytes received per 1 s bucket from the start of the run
 * @param pageLatencyByHop  the same page response times by where each page was served ({@link PageHop})
 */
public record Measurement(int sessions, long durationNanos,
                          long pages, long pagesGood, long pagesTolerable,
                          long downloads, long downloadsGood, long downloadsTolerable,
                          long bodyBytes, Map<String, Long> errorsByKind, long retries, long unfinished,
                          Histogram pageLatencyMicros, long[] bytesPerSecond, Map<PageHop, Histogram> pageLatencyByHop) {
    public Measurement {
        errorsByKind = Map.copyOf(errorsByKind);
        pageLatencyMicros = pageLatencyMicros.copy();
        bytesPerSecond = bytesPerSecond.clone();
        Map<PageHop, Histogram> byHop = new java.util.EnumMap<>(PageHop.class);
        pageLatencyByHop.forEach((k, v) -> byHop.put(k, v.copy()));
        pageLatencyByHop = java.util.Collections.unmodifiableMap(byHop);
    }

    public long requests() {
        return pages + downloads;
    }

    public long errors() {
        long sum = 0;
        for (long v : errorsByKind.values()) sum += v;
        return sum;
    }

    /** Downloads below the good byte rate. */
    public long downloadsQosFailed() {
        return downloads - downloadsGood;
    }

    @Override
    public Histogram pageLatencyMicros() {
        return pageLatencyMicros.copy();
    }

    @Override
    public long[] bytesPerSecond() {
        return bytesPerSecond.clone();
    }
}
