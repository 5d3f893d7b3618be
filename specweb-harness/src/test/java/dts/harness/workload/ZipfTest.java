package dts.harness.workload;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ZipfTest {
    @Test
    void rankFrequenciesFollowAlphaOnALogLogPlot() {
        Zipf zipf = new Zipf(1000, Workload.ZIPF_ALPHA);
        SplittableRandom random = new SplittableRandom(3);
        long[] counts = new long[1000];
        for (int i = 0; i < 2_000_000; i++) counts[zipf.sample(random.nextDouble())]++;
        int ranks = 50; // ranks 1..50 each get >= ~1000 samples
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (int r = 0; r < ranks; r++) {
            double x = Math.log(r + 1);
            double y = Math.log(counts[r]);
            sx += x; sy += y; sxx += x * x; sxy += x * y;
        }
        double slope = (ranks * sxy - sx * sy) / (ranks * sxx - sx * sx);
        assertEquals(-1.2, slope, 0.1, "log-log slope");
    }

    @Test
    void probabilitiesAreNormalisedPowerLaw() {
        Zipf zipf = new Zipf(5, 1.2);
        double sum = 0;
        for (int r = 0; r < 5; r++) sum += zipf.probability(r);
        assertEquals(1.0, sum, 1e-12);
        assertEquals(Math.pow(2, -1.2), zipf.probability(1) / zipf.probability(0), 1e-12);
        assertEquals(0, zipf.sample(0.0));
        assertEquals(4, zipf.sample(0.999999999));
    }

    @Test
    void alphaZeroIsUniform() {
        Zipf zipf = new Zipf(4, 0);
        for (int r = 0; r < 4; r++) assertEquals(0.25, zipf.probability(r), 1e-12);
    }
}
