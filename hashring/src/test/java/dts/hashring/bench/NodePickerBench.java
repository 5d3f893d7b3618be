package dts.hashring.bench;

import dts.hashring.Keys;
import dts.hashring.NodePicker;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Throughput of the per-request placement: first choice, a retry, and hashing a URL key. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class NodePickerBench {
    @Param({"4", "8", "16"})
    public int nodes;

    private NodePicker picker;
    private long hash;

    @Setup
    public void setUp() {
        picker = NodePicker.rendezvous(RingQuality.ids(nodes));
    }

    @Benchmark
    public String pickFirst() {
        return picker.pick(hash++, 0);
    }

    @Benchmark
    public String pickSecond() {
        return picker.pick(hash++, 1);
    }

    @Benchmark
    public long hashUrl() {
        return Keys.hash("/support/download/dir00042/class3_7");
    }
}
