package dts.hashring.bench;

import dts.hashring.BucketTable;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Time to build the table of 4096 buckets (done on every membership change, by every node). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class BucketTableBench {
    @Param({"4", "8", "16"})
    public int nodes;

    @Param({"4096"})
    public int buckets;

    private List<String> ids;

    @Setup
    public void setUp() {
        ids = RingQuality.ids(nodes);
    }

    @Benchmark
    public BucketTable build() {
        return BucketTable.build(buckets, ids);
    }
}
