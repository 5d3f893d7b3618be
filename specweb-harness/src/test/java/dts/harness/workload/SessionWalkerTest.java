package dts.harness.workload;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SessionWalkerTest {
    private final Manifest manifest = Manifest.plan(Workload.of(40), 5);

    @Test
    void sameSeedSameWalk() {
        assertEquals(walk(9, 1000), walk(9, 1000));
        assertNotEquals(walk(9, 1000), walk(10, 1000));
    }

    @Test
    void firstStepIsHomeAndBytesComeFromTheManifest() {
        Step first = new SessionWalker(manifest, 1).next();
        assertEquals(PageType.HOME, first.type());
        Map<String, Long> sizes = new HashMap<>();
        for (Manifest.Entry e : manifest.entries()) sizes.put(e.path(), e.bytes());
        for (Step s : walk(2, 5000)) assertEquals(sizes.get(s.path()), s.bytes(), s.path());
    }

    @Test
    void downloadsFollowClassSharesAndZipfWithinAClass() {
        SessionWalker walker = new SessionWalker(manifest, 77);
        long[] byClass = new long[SizeClass.values().length];
        long[] byFile = new long[Workload.FILES_PER_DIRECTORY];
        long downloads = 0;
        while (downloads < 400_000) {
            Step s = walker.next();
            if (!s.isDownload()) continue;
            downloads++;
            int file = Integer.parseInt(s.path().substring(s.path().length() - 6, s.path().length() - 4));
            byFile[file]++;
            byClass[SizeClass.ofFileIndex(file).ordinal()]++;
        }
        for (SizeClass c : SizeClass.values()) assertEquals(c.share(), byClass[c.ordinal()] / (double) downloads, 0.003, c.name());
        for (int r = 1; r < 5; r++) {
            double ratio = byFile[r] / (double) byFile[0];
            assertEquals(Math.pow(r + 1, -1.2), ratio, 0.02, "class 100K rank " + r);
        }
    }

    @Test
    void thinkTimesHaveThePublishedMeanAndCap() {
        ThinkTime t = new ThinkTime(Workload.of(1));
        java.util.SplittableRandom random = new java.util.SplittableRandom(4);
        double sum = 0;
        long max = 0;
        int n = 500_000;
        for (int i = 0; i < n; i++) {
            long ms = t.millis(random.nextDouble());
            sum += ms;
            max = Math.max(max, ms);
        }
        assertEquals(5000, sum / n, 50);
        assertTrue(max <= 75_000);
        assertEquals(75_000, t.millis(1 - 1e-12));
        assertEquals(750, new ThinkTime(Workload.of(1).withScale(0.01)).millis(1 - 1e-12));
    }

    private List<Step> walk(long seed, int n) {
        SessionWalker w = new SessionWalker(manifest, seed);
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < n; i++) steps.add(w.next());
        return steps;
    }

    @Test
    void largeDownloadsMixOnlyFetchesTheThreeLargestClassesWithoutThinking() {
        SessionWalker walker = new SessionWalker(manifest, 13, Mix.LARGE_DOWNLOADS);
        long[] byClass = new long[SizeClass.values().length];
        int n = 200_000;
        for (int i = 0; i < n; i++) {
            Step s = walker.next();
            assertTrue(s.isDownload(), s.toString());
            assertEquals(0, s.thinkMillis());
            int file = Integer.parseInt(s.path().substring(s.path().length() - 6, s.path().length() - 4));
            byClass[SizeClass.ofFileIndex(file).ordinal()]++;
        }
        double large = SizeClass.C4M.share() + SizeClass.C9M5.share() + SizeClass.C36M.share();
        assertEquals(0, byClass[SizeClass.C100K.ordinal()] + byClass[SizeClass.C600K.ordinal()] + byClass[SizeClass.C1M.ordinal()]);
        for (SizeClass c : Mix.LARGE) assertEquals(c.share() / large, byClass[c.ordinal()] / (double) n, 0.005, c.name());
        assertEquals(Mix.LARGE_DOWNLOADS, Mix.of("large-downloads"));
    }
}
