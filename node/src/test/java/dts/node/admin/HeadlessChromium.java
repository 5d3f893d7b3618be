package dts.node.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** Debian's {@code chromium} in headless mode, found on PATH ({@code ./dts} installs it), on a throw-away profile. */
final class HeadlessChromium {
    private static final long RUN_LIMIT_SECONDS = 25;

    private HeadlessChromium() {}

    /** Runs chromium with {@code flags} on {@code url}; returns what it printed (the DOM with --dump-dom). */
    static String run(String url, Path profile, String... flags) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(binary(), "--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--hide-scrollbars", "--user-data-dir=" + profile));
        cmd.addAll(List.of(flags));
        cmd.add(url);
        Path out = Files.createTempFile("chromium", ".out");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(RUN_LIMIT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("chromium did not finish within " + RUN_LIMIT_SECONDS + " s: " + cmd);
            }
            assertEquals(0, p.exitValue(), "chromium exit status for " + cmd);
            return Files.readString(out, StandardCharsets.UTF_8);
        } finally {
            Files.delete(out);
        }
    }

    private static String binary() throws IOException {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path p = Path.of(dir, "chromium");
            if (Files.isExecutable(p)) return p.toString();
        }
        fail("chromium not found on PATH: install the Debian package 'chromium' (./dts test installs it, or apt-get install -y chromium)");
        return null;
    }
}
