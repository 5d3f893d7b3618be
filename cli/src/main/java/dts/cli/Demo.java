package dts.cli;

import java.io.PrintStream;

/** The demo run (grown by the benchmark harness). */
final class Demo {
    private Demo() {}

    static int run(PrintStream out) throws Exception {
        out.println("demo: not wired yet");
        return 1;
    }
}
