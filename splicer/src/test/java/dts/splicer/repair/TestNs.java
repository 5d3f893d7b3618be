package dts.splicer.repair;

/**
 * Namespace names for these tests: {@code dts-t-rep-<base>-<pid>}, so two test JVMs (two
 * engineers running the module's tests at once) never share or delete each other's namespaces.
 * Leftovers of dead JVMs are deleted on first use.
 */
final class TestNs {
    private static final String PREFIX = "dts-t-rep-";
    private static final long PID = ProcessHandle.current().pid();
    private static boolean reaped;

    private TestNs() {}

    static synchronized String name(String base) {
        if (!reaped) {
            reapStale();
            reaped = true;
        }
        return PREFIX + base + "-" + PID;
    }

    private static void reapStale() {
        for (String line : Cmd.run("ip", "netns", "list").split("\n")) {
            String ns = line.split(" ")[0];
            if (!ns.startsWith(PREFIX)) continue;
            int dash = ns.lastIndexOf('-');
            try {
                long pid = Long.parseLong(ns.substring(dash + 1));
                if (ProcessHandle.of(pid).isEmpty()) Cmd.quiet("ip", "netns", "del", ns);
            } catch (NumberFormatException ignored) {
                // not ours
            }
        }
    }
}
