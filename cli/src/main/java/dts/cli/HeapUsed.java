package dts.cli;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A JVM's live heap (after a full collection), read with {@code jcmd} (same host, same user). */
final class HeapUsed {
    private static final Pattern TOTAL = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)\\s*$");

    private HeapUsed() {}

    /** Bytes of live objects in process {@code pid}: {@code jcmd PID GC.class_histogram} (a full GC first), its total. */
    static long afterGc(long pid) throws IOException, InterruptedException {
        Matcher m = TOTAL.matcher(run(pid, "GC.class_histogram"));
        if (!m.find()) throw new IOException("jcmd " + pid + " GC.class_histogram: no total");
        return Long.parseLong(m.group(1));
    }

    private static String run(long pid, String command) throws IOException, InterruptedException {
        String jcmd = System.getProperty("java.home") + "/bin/jcmd";
        Process p = new ProcessBuilder(jcmd, Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException("jcmd " + pid + " " + command + ": " + out.strip());
        return out;
    }
}
