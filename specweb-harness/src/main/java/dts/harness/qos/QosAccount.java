package dts.harness.qos;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counts completed pages and downloads by grade (thread-safe). A download below the good rate is
 * QoS-failed: {@link #downloadsQosFailed()} = tolerable + below tolerable.
 */
public final class QosAccount {
    private final QosThresholds thresholds;
    private final LongAdder[] pages = adders();
    private final LongAdder[] downloads = adders();

    public QosAccount(QosThresholds thresholds) {
        this.thresholds = thresholds;
    }

    public QosThresholds thresholds() { return thresholds; }

    public Grade recordPage(long responseNanos) {
        Grade g = thresholds.page(responseNanos);
        pages[g.ordinal()].increment();
        return g;
    }

    public Grade recordDownload(long bodyBytes, long transferNanos) {
        Grade g = thresholds.download(bodyBytes, transferNanos);
        downloads[g.ordinal()].increment();
        return g;
    }

    public long pages() { return sum(pages); }

    public long pages(Grade g) { return pages[g.ordinal()].sum(); }

    public long downloads() { return sum(downloads); }

    public long downloads(Grade g) { return downloads[g.ordinal()].sum(); }

    public long downloadsQosFailed() {
        return downloads(Grade.TOLERABLE) + downloads(Grade.FAILED);
    }

    /** Percentage of pages within the good limit; 100 when there were none. */
    public double pagesGoodPct() {
        long all = pages();
        return all == 0 ? 100.0 : 100.0 * pages(Grade.GOOD) / all;
    }

    /** Percentage of pages within the tolerable limit (good included); 100 when there were none. */
    public double pagesTolerablePct() {
        long all = pages();
        return all == 0 ? 100.0 : 100.0 * (pages(Grade.GOOD) + pages(Grade.TOLERABLE)) / all;
    }

    private static LongAdder[] adders() {
        LongAdder[] a = new LongAdder[Grade.values().length];
        for (int i = 0; i < a.length; i++) a[i] = new LongAdder();
        return a;
    }

    private static long sum(LongAdder[] a) {
        long s = 0;
        for (LongAdder x : a) s += x.sum();
        return s;
    }
}
