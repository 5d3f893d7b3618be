package dts.harness.workload;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SizeClassTest {
    @Test
    void sharesSumToOneAndFilesToSixteen() {
        double share = 0;
        int files = 0;
        for (SizeClass c : SizeClass.values()) {
            share += c.share();
            files += c.filesPerDirectory();
        }
        assertEquals(1.0, share, 1e-9);
        assertEquals(Workload.FILES_PER_DIRECTORY, files);
    }

    @Test
    void directoryHoldsThePublishedSixtyTwoPointSevenMegabytes() {
        long bytes = 0;
        for (SizeClass c : SizeClass.values()) bytes += c.meanBytes() * c.filesPerDirectory();
        assertEquals(62.7e6, bytes, 0.01 * 62.7e6);
    }

    @Test
    void sampledSharesMatchWithinATenthOfAPoint() {
        SplittableRandom random = new SplittableRandom(11);
        long[] counts = new long[SizeClass.values().length];
        int n = 2_000_000;
        for (int i = 0; i < n; i++) counts[SizeClass.sample(random.nextDouble()).ordinal()]++;
        for (SizeClass c : SizeClass.values()) assertEquals(c.share(), counts[c.ordinal()] / (double) n, 0.001, c.name());
    }

    @Test
    void fileIndexesMapToConsecutiveClasses() {
        assertEquals(SizeClass.C100K, SizeClass.ofFileIndex(4));
        assertEquals(SizeClass.C600K, SizeClass.ofFileIndex(5));
        assertEquals(SizeClass.C36M, SizeClass.ofFileIndex(15));
        assertEquals(14, SizeClass.C9M5.firstFileIndex());
    }
}
