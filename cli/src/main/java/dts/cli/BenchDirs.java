package dts.cli;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** Where benchmarks keep file sets and testbed state, and where their results go by default. */
final class BenchDirs {
    /** File sets (kept between runs: generating and copying them is slow), testbed state, configs. */
    static final String WORK = "/var/lib/dts/bench";

    private BenchDirs() {}

    /** {@code /var/lib/dts/results/<what>-<yyyyMMdd-HHmmss>}. */
    static Path defaultOut(String what) {
        return Path.of("/var/lib/dts/results", what + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    }
}
