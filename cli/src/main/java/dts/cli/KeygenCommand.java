package dts.cli;

import dts.config.KeyFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code ./dts keygen --out FILE [--force]}: a fresh 256-bit cluster key (64 hex digits), mode 0600,
 * for {@code cluster.key-file}. Every node of a cluster needs the same file.
 */
@Command(name = "keygen", description = "Write a fresh cluster key (256 bits, hex, mode 0600) for cluster.key-file.")
final class KeygenCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, description = "the key file to write")
    Path out;

    @Option(names = "--force", description = "replace an existing file")
    boolean force;

    @Override
    public Integer call() {
        KeyFiles.writeNew(out, force);
        System.out.println("wrote a 256-bit cluster key to " + out + " (mode 0600); copy it to every node and set cluster.key-file");
        return 0;
    }
}
