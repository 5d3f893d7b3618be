package dts.splicer.repair;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a system command (ip, nft) for the test fixtures; a non-zero exit fails with its stderr. */
final class Cmd {
    private Cmd() {}

    static String run(String... args) { return feed(null, args); }

    /** Runs {@code args} with {@code stdin} (or none) and returns stdout. */
    static String feed(String stdin, String... args) {
        Result r = exec(stdin, args);
        if (r.exit != 0) {
            throw new IllegalStateException(String.join(" ", args) + ": exit " + r.exit + ": " + r.err.strip()
                    + (stdin == null ? "" : "\n--- input ---\n" + stdin));
        }
        return r.out;
    }

    /** Runs {@code args} and ignores failure (cleanup). */
    static void quiet(String... args) { exec(null, args); }

    record Result(int exit, String out, String err) {}

    static Result exec(String stdin, String... args) {
        try {
            Process p = new ProcessBuilder(List.of(args)).start();
            if (stdin != null) p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            byte[] err = p.getErrorStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", args) + ": timed out");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(args[0] + " not runnable (is it installed?): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", args), e);
        }
    }

    /** A counter of /proc/net/snmp ("Tcp", "OutRsts") inside a network namespace. */
    static long snmp(String netns, String group, String field) { return counter(netns, "/proc/net/snmp", group, field); }

    /** A counter of /proc/net/netstat ("TcpExt", "TCPTimeouts") inside a network namespace. */
    static long netstat(String netns, String group, String field) { return counter(netns, "/proc/net/netstat", group, field); }

    private static long counter(String netns, String file, String group, String field) {
        String[] lines = run("ip", "netns", "exec", netns, "cat", file).split("\n");
        for (int i = 0; i + 1 < lines.length; i++) {
            if (lines[i].startsWith(group + ":") && lines[i + 1].startsWith(group + ":")) {
                String[] names = lines[i].split("\\s+");
                String[] values = lines[i + 1].split("\\s+");
                for (int j = 1; j < names.length; j++) if (names[j].equals(field)) return Long.parseLong(values[j]);
            }
        }
        throw new IllegalStateException("no " + group + " " + field + " in " + file + " of " + netns);
    }
}
