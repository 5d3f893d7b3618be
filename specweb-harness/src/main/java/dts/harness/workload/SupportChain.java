package dts.harness.workload;

/**
 * The Markov chain over Support page types. Its transition matrix is built by {@link FlowBalancer}
 * from the navigation weights below (a user on a product page mostly goes on to that product's file
 * catalog or another product, a file page mostly leads to its download, every page can go home or
 * search), balanced so the stationary shares are exactly the published ones. Rows and columns are
 * in {@link PageType} order: home, search, catalog, product, fileCatalog, file, download.
 */
public final class SupportChain {
    private static final double[][] NAVIGATION = {
        //  home search catalog product fileCat file download
        {0.2, 1.0, 1.0, 0.0, 1.0, 0.0, 0.0}, // home
        {0.2, 0.5, 0.0, 1.0, 1.0, 1.0, 0.0}, // search
        {0.2, 0.3, 0.5, 2.0, 0.0, 0.0, 0.0}, // catalog
        {0.2, 0.5, 0.5, 1.0, 2.0, 0.0, 0.0}, // product
        {0.2, 0.3, 0.0, 0.5, 1.0, 2.0, 0.0}, // fileCatalog
        {0.2, 0.3, 0.0, 0.0, 1.0, 0.5, 2.0}, // file
        {0.5, 0.3, 0.0, 0.0, 1.0, 0.5, 0.0}, // download
    };
    private static final SupportChain PUBLISHED = new SupportChain(FlowBalancer.transitions(NAVIGATION, PageType.publishedShares()));

    private final double[][] transitions;
    private final double[][] cumulative;

    private SupportChain(double[][] transitions) {
        this.transitions = transitions;
        this.cumulative = new double[transitions.length][];
        for (int i = 0; i < transitions.length; i++) {
            double[] c = new double[transitions.length];
            double acc = 0;
            for (int j = 0; j < c.length; j++) {
                acc += transitions[i][j];
                c[j] = acc;
            }
            cumulative[i] = c;
        }
    }

    /** The chain whose stationary shares are the published Support mix. */
    public static SupportChain published() {
        return PUBLISHED;
    }

    /** The page type after {@code from}, for {@code u} uniform in [0, 1). */
    public PageType next(PageType from, double u) {
        double[] c = cumulative[from.ordinal()];
        PageType[] all = PageType.values();
        for (int j = 0; j < c.length; j++) {
            if (u < c[j] && transitions[from.ordinal()][j] > 0) return all[j];
        }
        for (int j = c.length - 1; j >= 0; j--) {
            if (transitions[from.ordinal()][j] > 0) return all[j];
        }
        throw new AssertionError(from);
    }

    /** A copy of the transition matrix P (rows: from, columns: to). */
    public double[][] transitions() {
        double[][] copy = new double[transitions.length][];
        for (int i = 0; i < copy.length; i++) copy[i] = transitions[i].clone();
        return copy;
    }

    /** The stationary distribution of P by power iteration (for checks and documentation). */
    public double[] stationary() {
        int n = transitions.length;
        double[] pi = new double[n];
        java.util.Arrays.fill(pi, 1.0 / n);
        for (int round = 0; round < 10_000; round++) {
            double[] next = new double[n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) next[j] += pi[i] * transitions[i][j];
            }
            pi = next;
        }
        return pi;
    }
}
