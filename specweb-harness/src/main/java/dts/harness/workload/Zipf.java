package dts.harness.workload;

import dts.harness.Check;

import java.util.Arrays;

/** Zipf distribution over ranks 0..n-1: P(rank r) ∝ 1 / (r + 1)^alpha. Sampling by inverse CDF. */
public final class Zipf {
    private final double alpha;
    private final double[] cumulative;

    public Zipf(int n, double alpha) {
        Check.atLeast("n", n, 1);
        if (!(alpha >= 0) || Double.isInfinite(alpha)) throw new dts.harness.HarnessException("alpha: " + alpha + " (expected: >= 0)");
        this.alpha = alpha;
        this.cumulative = new double[n];
        double sum = 0;
        for (int r = 0; r < n; r++) {
            sum += Math.pow(r + 1, -alpha);
            cumulative[r] = sum;
        }
        for (int r = 0; r < n; r++) cumulative[r] /= sum;
        cumulative[n - 1] = 1.0;
    }

    public int size() { return cumulative.length; }

    public double alpha() { return alpha; }

    public double probability(int rank) {
        return rank == 0 ? cumulative[0] : cumulative[rank] - cumulative[rank - 1];
    }

    /** Rank (0 = most popular) for {@code u} uniform in [0, 1). */
    public int sample(double u) {
        int i = Arrays.binarySearch(cumulative, u);
        int rank = i >= 0 ? i + 1 : -i - 1;
        return Math.min(rank, cumulative.length - 1);
    }
}
