package dts.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code ./dts demo}: the README's main job. */
@Command(name = "demo", description = "Bring up a 4-node single-IP cluster, drive real traffic through it, print the result.")
final class DemoCommand implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
        return Demo.run(System.out);
    }
}
