package dts.harness.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Runs Debian's headless chromium on a local file. */
final class Chromium {
    private Chromium() {}

    static String dumpDom(Path html, Path profile) throws Exception {
        return run(html, profile, "--dump-dom");
    }

    static void screenshot(Path html, Path png, Path profile) throws Exception {
        run(html, profile, "--screenshot=" + png, "--window-size=1200,2000", "--hide-scrollbars");
        assertTrue(Files.isRegularFile(png), "chromium wrote no screenshot " + png);
    }

    private static String run(Path html, Path profile, String... extra) throws Exception {
        String binary = find();
        List<String> cmd = new ArrayList<>(List.of(binary, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile));
        cmd.addAll(List.of(extra));
        cmd.add(html.toUri().toString());
        Path stdout = Files.createTempFile("chromium", ".out");
        Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("chromium did not finish within 120 s: " + cmd);
        }
        assertEquals(0, p.exitValue(), "chromium exit status for " + cmd);
        String out = Files.readString(stdout, StandardCharsets.UTF_8);
        Files.delete(stdout);
        return out;
    }

    private static String find() throws IOException {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path p = Path.of(dir, "chromium");
            if (Files.isExecutable(p)) return p.toString();
        }
        fail("chromium not found on PATH: install the Debian package 'chromium' (apt-get install -y chromium)");
        return null;
    }
}
