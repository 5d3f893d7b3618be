package dts.cli;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A JVM's heap in use after a full collection, read with {@code jcmd} (same host, same user). */
final class HeapUsed {
    private static final Pattern USED = Pattern.compile("total \\d+K, used (\\d+)K");

    private HeapUsed() {}

    /** Bytes of heap in use by process {@code pid} right after {@code jcmd PID GC.run}. */
    static long afterGc(long pid) throws IOException, InterruptedException {
        run(pid, "GC.run");
        Matcher m = USED.matcher(run(pid, "GC.heap_info"));
        if (!m.find()) throw new IOException("jcmd " + pid + " GC.heap_info: no 'used' figure");
        return Long.parseLong(m.group(1)) * 1024;
    }

    private static String run(long pid, String command) throws IOException, InterruptedException {
        String jcmd = System.getProperty("java.home") + "/bin/jcmd";
        Process p = new ProcessBuilder(jcmd, Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException("jcmd " + pid + " " + command + ": " + out.strip());
        return out;
    }
}
