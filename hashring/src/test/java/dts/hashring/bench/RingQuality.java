package dts.hashring.bench;

import dts.hashring.BucketTable;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints the quality of the bucket table: share of buckets moved when a node leaves or joins (ideal:
 * 1/N of the table on loss, 1/(N+1) on join) and imbalance max/mean over 4096 buckets. Plain main,
 * not a JMH benchmark: {@code java -cp <test classpath> dts.hashring.bench.RingQuality [buckets]}.
 */
public final class RingQuality {
    private RingQuality() {
    }

    public static void main(String[] args) {
        int buckets = args.length > 0 ? Integer.parseInt(args[0]) : BucketTable.DEFAULT_BUCKETS;
        System.out.printf("buckets=%d%n", buckets);
        System.out.printf("%4s %12s %12s %12s %12s %14s %14s%n", "N", "loss moved%", "ideal%",
                "join moved%", "ideal%", "max/mean", "min/mean");
        for (int n : new int[] {4, 8, 16}) {
            List<String> ids = ids(n + 1);
            BucketTable full = BucketTable.build(buckets, ids.subList(0, n));
            BucketTable joined = BucketTable.build(buckets, ids);
            double lossPercent = worstLossPercent(full, buckets);
            double joinPercent = 100.0 * full.diff(joined).size() / buckets;
            int max = 0;
            int min = Integer.MAX_VALUE;
            for (String id : full.nodes()) {
                max = Math.max(max, full.bucketsOf(id).length);
                min = Math.min(min, full.bucketsOf(id).length);
            }
            double mean = (double) buckets / n;
            System.out.printf("%4d %12.2f %12.2f %12.2f %12.2f %14.3f %14.3f%n", n, lossPercent,
                    100.0 / n, joinPercent, 100.0 / (n + 1), max / mean, min / mean);
        }
    }

    /** Largest share moved over the loss of each node in turn (equals that node's share of the table). */
    private static double worstLossPercent(BucketTable full, int buckets) {
        int worst = 0;
        for (String gone : full.nodes()) {
            List<String> rest = new ArrayList<>(full.nodes());
            rest.remove(gone);
            worst = Math.max(worst, full.diff(BucketTable.build(buckets, rest)).size());
        }
        return 100.0 * worst / buckets;
    }

    static List<String> ids(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            ids.add("node-" + i);
        }
        return ids;
    }
}
