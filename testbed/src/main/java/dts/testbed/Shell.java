package dts.testbed;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs setup commands ({@code ip}, {@code nft}), one at a time or as one {@code ip -batch}; never on the data path. */
final class Shell {
    private static final long TIMEOUT_SECONDS = 60;
    /** What {@code ip -batch} prints after a failing line (then it stops). */
    private static final Pattern FAILED_LINE = Pattern.compile("^Command failed -:(\\d+)\\R?", Pattern.MULTILINE);

    private Shell() {}

    /** Runs {@code cmd}; returns stdout; fails with the command and its stderr on a non-zero exit. */
    static String run(String... cmd) {
        Result r = exec(List.of(cmd), null);
        if (r.exit() != 0) throw new TestbedException(String.join(" ", cmd) + ": exit " + r.exit() + ": " + r.err().strip());
        return r.out();
    }

    /**
     * Runs {@code lines} in one process, {@code cmd -batch -} (e.g. cmd {@code ip -n NS}), which stops at the
     * first failing line; the failure names that line as the command it stands for.
     */
    static void batch(List<String> cmd, List<String> lines) {
        List<String> full = new ArrayList<>(cmd);
        full.addAll(List.of("-batch", "-"));
        Result r = exec(full, String.join("\n", lines) + "\n");
        if (r.exit() != 0) throw new TestbedException(batchFailure(cmd, lines, r.exit(), r.err()));
    }

    /** "CMD LINE: exit N: error (line K of CMD -batch -)", or the numbered batch when ip did not say which line. */
    static String batchFailure(List<String> cmd, List<String> lines, int exit, String stderr) {
        String prefix = String.join(" ", cmd);
        String err = FAILED_LINE.matcher(stderr).replaceAll("").strip();
        Matcher m = FAILED_LINE.matcher(stderr);
        if (m.find()) {
            int n = Integer.parseInt(m.group(1));
            if (n >= 1 && n <= lines.size()) {
                return prefix + " " + lines.get(n - 1) + ": exit " + exit + ": " + err + " (line " + n + " of " + prefix + " -batch -)";
            }
        }
        StringBuilder b = new StringBuilder(prefix + " -batch -: exit " + exit + ": " + err + "; the batch:");
        for (int i = 0; i < lines.size(); i++) b.append('\n').append(i + 1).append(": ").append(lines.get(i));
        return b.toString();
    }

    private record Result(int exit, String out, String err) {}

    /** Runs {@code cmd} with {@code input} on stdin (null: /dev/null). */
    private static Result exec(List<String> cmd, String input) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd);
            if (input == null) pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            Process p = pb.start();
            if (input != null) Thread.ofVirtual().start(() -> write(p.getOutputStream(), input));
            // Read stderr on the side so neither pipe can fill up and block the child.
            CompletableFuture<String> err = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> err.complete(read(p.getErrorStream())));
            String out = read(p.getInputStream());
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new TestbedException(String.join(" ", cmd) + ": no exit after " + TIMEOUT_SECONDS + " s");
            }
            return new Result(p.exitValue(), out, err.join());
        } catch (IOException | UncheckedIOException e) {
            throw new TestbedException(cmd.getFirst() + ": cannot run: " + e.getMessage(), e);
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

    private static void write(OutputStream out, String text) {
        try (out) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // the child exited early: its exit status and stderr tell why
        }
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
