package dts.harness.qos;

import dts.harness.HarnessException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class QosAccountTest {
    private static final long MS = 1_000_000L;
    private static final long S = 1_000_000_000L;

    @Test
    void pageLimitsAreInclusive() {
        QosThresholds t = QosThresholds.SPECWEB;
        assertEquals(Grade.GOOD, t.page(3_000 * MS));
        assertEquals(Grade.TOLERABLE, t.page(3_000 * MS + 1));
        assertEquals(Grade.TOLERABLE, t.page(5_000 * MS));
        assertEquals(Grade.FAILED, t.page(5_000 * MS + 1));
    }

    @Test
    void downloadRatesAreBytesPerSecondOfTransferTime() {
        QosThresholds t = QosThresholds.SPECWEB;
        assertEquals(Grade.GOOD, t.download(99_000, S));
        assertEquals(Grade.TOLERABLE, t.download(98_999, S));
        assertEquals(Grade.TOLERABLE, t.download(95_000, S));
        assertEquals(Grade.FAILED, t.download(94_999, S));
        assertEquals(Grade.GOOD, t.download(36L << 20, 300 * S)); // 125,829 B/s
        assertEquals(Grade.FAILED, t.download(36L << 20, 400 * S)); // 94,372 B/s
    }

    @Test
    void accountCountsExactly() {
        QosAccount a = new QosAccount(QosThresholds.SPECWEB);
        long[] pageMillis = {10, 2_999, 3_000, 3_001, 4_000, 5_000, 5_001, 60_000};
        for (long ms : pageMillis) a.recordPage(ms * MS);
        long[] downloadRates = {200_000, 99_000, 98_000, 95_000, 94_000, 1_000};
        for (long rate : downloadRates) a.recordDownload(rate * 10, 10 * S);
        assertEquals(8, a.pages());
        assertEquals(3, a.pages(Grade.GOOD));
        assertEquals(3, a.pages(Grade.TOLERABLE));
        assertEquals(2, a.pages(Grade.FAILED));
        assertEquals(37.5, a.pagesGoodPct(), 1e-12);
        assertEquals(75.0, a.pagesTolerablePct(), 1e-12);
        assertEquals(6, a.downloads());
        assertEquals(2, a.downloads(Grade.GOOD));
        assertEquals(2, a.downloads(Grade.TOLERABLE));
        assertEquals(2, a.downloads(Grade.FAILED));
        assertEquals(4, a.downloadsQosFailed());
    }

    @Test
    void emptyAccountIsAllGoodAndThresholdsValidate() {
        assertEquals(100.0, new QosAccount(QosThresholds.SPECWEB).pagesGoodPct());
        assertEquals("pageTolerableMillis: 2000 (expected: >= 3000)",
                assertThrows(HarnessException.class, () -> new QosThresholds(3_000, 2_000, 99_000, 95_000)).getMessage());
    }
}
