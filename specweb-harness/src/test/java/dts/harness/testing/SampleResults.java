package dts.harness.testing;

import dts.harness.client.Measurement;
import dts.harness.result.RunResult;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Plausible synthetic results for the five systems (for JSON and report tests). */
public final class SampleResults {
    private SampleResults() {}

    public static List<RunResult> fiveSystems() {
        String[] systems = {"dts-locality", "dts-rr", "haproxy", "nginx-proxy", "direct"};
        List<RunResult> runs = new ArrayList<>();
        for (int i = 0; i < systems.length; i++) {
            Map<String, Long> disk = new LinkedHashMap<>();
            int nodes = systems[i].equals("direct") ? 1 : 4;
            for (int n = 1; n <= nodes; n++) disk.put("node" + n, (long) ((1 + i) * 200e6 / nodes * (1 + 0.1 * n)));
            Map<String, Long> cpu = new LinkedHashMap<>();
            for (String n : disk.keySet()) cpu.put(n, 10_000L + 1_000L * i);
            runs.add(RunResult.of(systems[i], measurement(i)).withDiskReadBytes(disk).withCpuMillis(cpu));
        }
        return runs;
    }

    public static Measurement measurement(int variant) {
        SplittableRandom random = new SplittableRandom(variant);
        Histogram h = new Histogram(1, 3_600_000_000L, 3);
        for (int i = 0; i < 20_000; i++) h.recordValue((long) (1_000 * (1 + variant) * -Math.log1p(-random.nextDouble())) + 50);
        long[] perSecond = new long[60];
        for (int s = 0; s < perSecond.length; s++) perSecond[s] = (long) ((80 - 8 * variant + 10 * Math.sin(s / 5.0)) * 1e6 / 8);
        long bytes = 0;
        for (long b : perSecond) bytes += b;
        return new Measurement(1000, 60_000_000_000L, 18_650, 18_000, 500, 1_350, 1_350 - 60 * (variant + 1), 20,
                bytes, Map.of("reset", (long) variant), 3, 0, h, perSecond, Map.of());
    }
}
