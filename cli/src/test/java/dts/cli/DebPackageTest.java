package dts.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Debian package: packaging/build-deb.sh makes it from this build's jar and target/lib, dpkg-deb
 * unpacks it into a scratch root, and the unpacked {@code usr/bin/dts} runs preflight and check-config.
 * Runs in the package phase (after the jar and target/lib exist), never in the test phase.
 */
class DebPackageTest {
    private static final long STEP_TIMEOUT_SECONDS = 30;

    @TempDir
    Path tmp;

    private record Run(int exit, String out) {}

    @Test void unpackedPackageRunsPreflightAndChecksItsExampleConfig() throws Exception {
        assumeTrue(Boolean.getBoolean("dts.package.phase"), "runs in the package phase (mvn package), after target/lib is built");
        Path module = Path.of("").toAbsolutePath(); // Surefire runs in the module's folder
        Path jar;
        try (Stream<Path> s = Files.list(module.resolve("target"))) {
            jar = s.filter(p -> p.getFileName().toString().matches("dts-cli-.*(?<!-tests|-sources)\\.jar")).findFirst().orElseThrow();
        }
        Run build = run("bash", module.resolveSibling("packaging").resolve("build-deb.sh").toString(),
                "--lib", module.resolve("target/lib").toString(), "--jar", jar.toString(), "--out", tmp.resolve("out").toString());
        assertEquals(0, build.exit(), build.out());
        Path deb = Path.of(build.out().strip().lines().reduce((a, b) -> b).orElseThrow());
        assertTrue(deb.getFileName().toString().matches("dts_[0-9][^_]*_amd64\\.deb"), deb.toString());
        String depends = run("dpkg-deb", "--field", deb.toString(), "Depends").out().strip();
        assertEquals("nftables, libnftables1, iproute2", depends);

        Path root = tmp.resolve("root");
        assertEquals(0, run("dpkg-deb", "-x", deb.toString(), root.toString()).exit());
        String unit = Files.readString(root.resolve("lib/systemd/system/dts-node@.service"));
        assertTrue(unit.contains("\nExecStart=/usr/bin/dts node run --config /etc/dts/dts.yaml --id %i\n"), unit);
        assertTrue(unit.contains("\nEnvironment=\"DTS_JAVA_OPTS=-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1\"\n"), unit);
        assertTrue(Files.isRegularFile(root.resolve("usr/share/dts/lib").resolve(jar.getFileName())));

        Path dts = root.resolve("usr/bin/dts");
        Run preflight = run(dts.toString(), "preflight");
        List<String> lines = preflight.out().lines().toList();
        List<String> names = new ArrayList<>();
        for (String l : lines.subList(0, lines.size() - 1)) {
            assertTrue(l.matches("(ok     |MISSING) [a-z][^:]*: .+"), "one check per line: " + l + "\n" + preflight.out());
            names.add(l.substring(8, l.indexOf(':')));
        }
        assertTrue(names.containsAll(List.of("root", "capabilities", "tcp-repair", "ip-transparent", "epoll", "libnftables",
                "nftables", "sysctl net.core.somaxconn")), preflight.out());
        boolean missing = lines.stream().anyMatch(l -> l.startsWith("MISSING"));
        assertEquals(missing ? 1 : 0, preflight.exit(), preflight.out());
        if (lines.contains("ok      root: effective uid 0")) { // as root on Linux the kernel checks pass
            for (String name : List.of("tcp-repair", "ip-transparent", "libnftables", "nftables")) {
                assertTrue(lines.stream().anyMatch(l -> l.startsWith("ok      " + name + ": ")), name + ":\n" + preflight.out());
            }
        }

        Run check = run(dts.toString(), "check-config", root.resolve("etc/dts/dts.yaml.example").toString());
        assertEquals(0, check.exit(), check.out());
        assertTrue(check.out().contains("\n  vip: 203.0.113.10\n"), check.out());
    }

    /** Runs a command with this JVM's Java for /usr/bin/dts; stdout and stderr together. */
    private static Run run(String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("DTS_JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(STEP_TIMEOUT_SECONDS, TimeUnit.SECONDS), String.join(" ", command) + " did not end");
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
