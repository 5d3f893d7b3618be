package dts.harness.workload;

import dts.harness.HarnessException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ManifestTest {
    @Test
    void planIsDeterministicAndListsEveryFile() {
        Workload w = Workload.of(20);
        Manifest a = Manifest.plan(w, 1);
        assertEquals(a.toText(), Manifest.plan(w, 1).toText());
        assertNotEquals(a.toText(), Manifest.plan(w, 2).toText());
        assertEquals(6 * Workload.PAGES_PER_TYPE + 5 * Workload.FILES_PER_DIRECTORY, a.entries().size());
        assertEquals("/support/dir00004/file15.bin", a.download(4, 15).path());
        assertEquals("/support/pages/fileCatalog/page03.html", a.page(PageType.FILE_CATALOG, 3).path());
    }

    @Test
    void sizesStayInTheirClassAndTypeRanges() {
        Manifest m = Manifest.plan(Workload.of(40), 3);
        for (int d = 0; d < 10; d++) {
            for (int f = 0; f < 16; f++) {
                long mean = SizeClass.ofFileIndex(f).meanBytes();
                long b = m.download(d, f).bytes();
                assertTrue(b >= 0.9 * mean - 1 && b <= 1.1 * mean + 1, "dir " + d + " file " + f + ": " + b);
            }
        }
        for (PageType t : PageType.values()) {
            if (t.isDownload()) continue;
            long b = m.page(t, 0).bytes();
            assertTrue(b >= t.minBytes() && b <= t.maxBytes(), t + ": " + b);
        }
        // about 62.7 MB per directory at full scale
        assertEquals(62.7e6 * 10, m.totalBytes(), 0.03 * 62.7e6 * 10);
    }

    @Test
    void textRoundTripsAndTamperingIsDetected() {
        Manifest m = Manifest.plan(Workload.of(8).withScale(0.05), 99);
        Manifest back = Manifest.fromText(m.toText());
        assertEquals(m.workload(), back.workload());
        assertEquals(99, back.seed());
        String tampered = m.toText().replaceFirst("\n\\d+\t", "\n1\t");
        assertThrows(HarnessException.class, () -> Manifest.fromText(tampered));
        assertThrows(HarnessException.class, () -> Manifest.fromText("not a manifest\n"));
    }
}
