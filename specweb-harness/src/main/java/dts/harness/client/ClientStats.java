package dts.harness.client;

import dts.harness.qos.Grade;
import dts.harness.qos.QosAccount;
import dts.harness.qos.QosThresholds;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** Counters shared by all sessions of a run (written from the event loops). */
final class ClientStats {
    private static final long MAX_MICROS = 3_600_000_000L;

    final QosAccount qos;
    final AtomicInteger startedSessions = new AtomicInteger();
    private final Histogram pageLatencyMicros = new ConcurrentHistogram(1, MAX_MICROS, 3);
    private final Map<PageHop, Histogram> pageLatencyByHop = new EnumMap<>(PageHop.class);
    private final ThroughputSeries series;
    private final LongAdder bodyBytes = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final LongAdder unfinished = new LongAdder();
    private final Map<ErrorKind, LongAdder> errors = new EnumMap<>(ErrorKind.class);

    ClientStats(QosThresholds thresholds, long startNanos) {
        this.qos = new QosAccount(thresholds);
        this.series = new ThroughputSeries(startNanos);
        for (ErrorKind k : ErrorKind.values()) errors.put(k, new LongAdder());
        for (PageHop h : PageHop.values()) pageLatencyByHop.put(h, new ConcurrentHistogram(1, MAX_MICROS, 3));
    }

    void body(long nowNanos, int bytes) {
        bodyBytes.add(bytes);
        series.add(nowNanos, bytes);
    }

    void page(long responseNanos, PageHop hop) {
        qos.recordPage(responseNanos);
        long micros = Math.clamp(responseNanos / 1_000, 1, MAX_MICROS);
        pageLatencyMicros.recordValue(micros);
        pageLatencyByHop.get(hop).recordValue(micros);
    }

    void download(long bytes, long transferNanos) { qos.recordDownload(bytes, transferNanos); }

    void error(ErrorKind kind) { errors.get(kind).increment(); }

    void retry() { retries.increment(); }

    void unfinished() { unfinished.increment(); }

    long requests() { return qos.pages() + qos.downloads(); }

    long bodyBytes() { return bodyBytes.sum(); }

    long errors() {
        long sum = 0;
        for (LongAdder a : errors.values()) sum += a.sum();
        return sum;
    }

    Measurement toMeasurement(int sessions, long durationNanos) {
        Map<String, Long> byKind = new TreeMap<>();
        errors.forEach((k, v) -> { if (v.sum() > 0) byKind.put(k.jsonName(), v.sum()); });
        int seconds = (int) Math.max(1, (durationNanos + 999_999_999L) / 1_000_000_000L);
        return new Measurement(sessions, durationNanos,
                qos.pages(), qos.pages(Grade.GOOD), qos.pages(Grade.TOLERABLE),
                qos.downloads(), qos.downloads(Grade.GOOD), qos.downloads(Grade.TOLERABLE),
                bodyBytes.sum(), byKind, retries.sum(), unfinished.sum(),
                pageLatencyMicros, series.bytesPerSecond(seconds), pageLatencyByHop);
    }
}
