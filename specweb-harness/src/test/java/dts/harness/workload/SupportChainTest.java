package dts.harness.workload;

import dts.harness.HarnessException;
import org.junit.jupiter.api.Test;

import java.util.EnumMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SupportChainTest {
    @Test
    void stationaryDistributionIsThePublishedMix() {
        double[] pi = SupportChain.published().stationary();
        double sum = 0; // the published percentages add up to 99.99
        for (PageType t : PageType.values()) sum += t.publishedShare();
        for (PageType t : PageType.values()) {
            assertEquals(t.publishedShare() / sum, pi[t.ordinal()], 1e-9, t.pathName());
        }
    }

    @Test
    void rowsAreStochasticAndKeepTheLinkPattern() {
        double[][] p = SupportChain.published().transitions();
        for (double[] row : p) {
            double sum = 0;
            for (double v : row) {
                assertTrue(v >= 0);
                sum += v;
            }
            assertEquals(1.0, sum, 1e-12);
        }
        // a download is only reached from a file page
        for (PageType from : PageType.values()) {
            if (from != PageType.FILE) assertEquals(0.0, p[from.ordinal()][PageType.DOWNLOAD.ordinal()]);
        }
        assertTrue(p[PageType.FILE.ordinal()][PageType.DOWNLOAD.ordinal()] > 0.3);
    }

    @Test
    void walkedSharesMatchPublishedWithinOnePoint() {
        Manifest m = Manifest.plan(Workload.of(40), 7);
        SessionWalker walker = new SessionWalker(m, 42);
        Map<PageType, Integer> counts = new EnumMap<>(PageType.class);
        int steps = 300_000;
        for (int i = 0; i < steps; i++) counts.merge(walker.next().type(), 1, Integer::sum);
        for (PageType t : PageType.values()) {
            double share = counts.getOrDefault(t, 0) / (double) steps;
            assertEquals(t.publishedShare(), share, 0.01, t.pathName() + " share " + share);
        }
    }

    @Test
    void balancerRejectsAPatternThatCannotCarryTheShares() {
        double[][] noWayIn = {{1, 0}, {1, 0}};
        HarnessException e = assertThrows(HarnessException.class, () -> FlowBalancer.transitions(noWayIn, new double[]{0.5, 0.5}));
        assertTrue(e.getMessage().contains("column 1"), e.getMessage());
    }
}
