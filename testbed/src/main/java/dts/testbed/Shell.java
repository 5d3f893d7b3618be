package dts.testbed;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs setup commands ({@code ip}, {@code nft}); never on the data path. */
final class Shell {
    private static final long TIMEOUT_SECONDS = 60;

    private Shell() {}

    /** Runs {@code cmd}; returns stdout; fails with the command and its stderr on a non-zero exit. */
    static String run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            // Read stderr on the side so neither pipe can fill up and block the child.
            CompletableFuture<String> err = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> err.complete(read(p.getErrorStream())));
            String out = read(p.getInputStream());
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new TestbedException(String.join(" ", cmd) + ": no exit after " + TIMEOUT_SECONDS + " s");
            }
            if (p.exitValue() != 0) {
                throw new TestbedException(String.join(" ", cmd) + ": exit " + p.exitValue() + ": " + err.join().strip());
            }
            return out;
        } catch (IOException | UncheckedIOException e) {
            throw new TestbedException(cmd[0] + ": cannot run: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TestbedException(String.join(" ", cmd) + ": interrupted", e);
        }
    }

    /** {@link #run} that ignores failure (teardown of things that may already be gone). */
    static void tryRun(String... cmd) {
        try {
            run(cmd);
        } catch (TestbedException ignored) {
            // already gone
        }
    }

    /** Runs {@code cmd} inside network namespace {@code ns}. */
    static String inNs(String ns, String... cmd) {
        List<String> c = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        c.addAll(List.of(cmd));
        return run(c.toArray(String[]::new));
    }

    /** The executable {@code tool} on PATH or in root's usual folders, or null. */
    static Path which(String tool) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin"));
        for (String d : dirs) {
            if (d.isEmpty()) continue;
            Path p = Path.of(d, tool);
            if (Files.isExecutable(p)) return p;
        }
        return null;
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
