package dts.harness.bench.scaling;

import dts.harness.HarnessException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Busy share of the whole machine's CPUs between two readings of /proc/stat (1.0 = every core busy). */
final class MachineCpu {
    private final long busy;
    private final long total;

    private MachineCpu(long busy, long total) {
        this.busy = busy;
        this.total = total;
    }

    static MachineCpu now() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length && i <= 8; i++) total += Long.parseLong(f[i]); // user..steal
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);                 // idle + iowait
            return new MachineCpu(total - idle, total);
        } catch (IOException | RuntimeException e) {
            throw new HarnessException("/proc/stat: " + e.getMessage(), e);
        }
    }

    double busySince(MachineCpu earlier) {
        long t = total - earlier.total;
        return t <= 0 ? 0 : (double) (busy - earlier.busy) / t;
    }
}
