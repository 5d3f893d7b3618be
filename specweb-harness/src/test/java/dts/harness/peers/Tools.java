package dts.harness.peers;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.fail;

/** Finds a Debian tool in the usual places or fails naming the package. */
final class Tools {
    private Tools() {}

    static String find(String name) {
        for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin").split(":")) {
            if (dir.isEmpty()) continue;
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) return p.toString();
        }
        fail(name + " not found: install the Debian package '" + name + "'");
        return null;
    }
}
