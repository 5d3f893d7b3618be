package dts.harness.workload;

import dts.harness.HarnessException;

/**
 * Builds a Markov transition matrix with a prescribed stationary distribution π from a pattern of
 * navigation weights W (which page links to which, and how strongly).
 *
 * <p>Method: find a flow matrix F = diag(a) · W · diag(b) whose row sums and column sums both equal
 * π, by iterative proportional fitting (Sinkhorn–Knopp: alternately rescale rows, then columns).
 * F(i,j) is the long-run fraction of steps that go from i to j. Then P(i,j) = F(i,j) / π(i) is a
 * stochastic matrix (rows sum to 1), and π is stationary for it, because
 * Σ_i π(i) P(i,j) = Σ_i F(i,j) = π(j). Zeros of W stay zeros, so P only uses links the site has;
 * the weights shape the walk, the balancing fixes the shares.
 */
public final class FlowBalancer {
    private static final int MAX_ROUNDS = 100_000;
    private static final double TOLERANCE = 1e-13;

    private FlowBalancer() {}

    /** Transition matrix P with stationary distribution {@code shares} (normalised) on W's pattern. */
    public static double[][] transitions(double[][] weights, double[] shares) {
        int n = shares.length;
        double[] pi = normalised(shares);
        double[][] f = new double[n][];
        for (int i = 0; i < n; i++) {
            if (weights[i].length != n) throw new HarnessException("weights[" + i + "]: length " + weights[i].length + " (expected: " + n + ")");
            f[i] = weights[i].clone();
        }
        for (int round = 0; round < MAX_ROUNDS; round++) {
            for (int i = 0; i < n; i++) scaleRow(f, i, pi[i]);
            for (int j = 0; j < n; j++) scaleColumn(f, j, pi[j]);
            if (maxRowError(f, pi) < TOLERANCE) return toTransitions(f, pi);
        }
        throw new HarnessException("navigation weights: no flow with the requested shares after " + MAX_ROUNDS
                + " rounds (expected: a link pattern that can carry them)");
    }

    private static double[] normalised(double[] shares) {
        double sum = 0;
        for (double s : shares) {
            if (!(s > 0)) throw new HarnessException("shares: " + s + " (expected: > 0)");
            sum += s;
        }
        double[] pi = new double[shares.length];
        for (int i = 0; i < pi.length; i++) pi[i] = shares[i] / sum;
        return pi;
    }

    private static void scaleRow(double[][] f, int i, double target) {
        double sum = 0;
        for (double v : f[i]) sum += v;
        if (sum == 0) throw new HarnessException("navigation weights: row " + i + " has no links (expected: at least one)");
        for (int j = 0; j < f[i].length; j++) f[i][j] *= target / sum;
    }

    private static void scaleColumn(double[][] f, int j, double target) {
        double sum = 0;
        for (double[] row : f) sum += row[j];
        if (sum == 0) throw new HarnessException("navigation weights: column " + j + " has no links (expected: at least one)");
        for (double[] row : f) row[j] *= target / sum;
    }

    private static double maxRowError(double[][] f, double[] pi) {
        double worst = 0;
        for (int i = 0; i < f.length; i++) {
            double sum = 0;
            for (double v : f[i]) sum += v;
            worst = Math.max(worst, Math.abs(sum - pi[i]));
        }
        return worst;
    }

    private static double[][] toTransitions(double[][] f, double[] pi) {
        double[][] p = new double[f.length][f.length];
        for (int i = 0; i < f.length; i++) {
            double sum = 0;
            for (int j = 0; j < f.length; j++) sum += f[i][j];
            for (int j = 0; j < f.length; j++) p[i][j] = f[i][j] / sum;
        }
        return p;
    }
}
