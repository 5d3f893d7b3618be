package dts.testbed;

import dts.splicer.sys.Netns;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A namespace's TCP counters from {@code /proc/net/snmp}, read from a thread inside it. */
final class TcpCounters {
    private TcpCounters() {}

    /** The counter {@code name} (e.g. RetransSegs) of the {@code Tcp:} lines, as seen in {@code netns}. */
    static long read(String netns, String name) {
        return Netns.call(netns, () -> parse(Files.readAllLines(Path.of("/proc/net/snmp")), name));
    }

    /** The value under {@code name} in the {@code Tcp:} header/value line pair. */
    static long parse(List<String> snmp, String name) throws IOException {
        for (int i = 0; i + 1 < snmp.size(); i++) {
            if (snmp.get(i).startsWith("Tcp:") && snmp.get(i + 1).startsWith("Tcp:")) {
                List<String> keys = List.of(snmp.get(i).split("\\s+"));
                int k = keys.indexOf(name);
                if (k < 0) break;
                return Long.parseLong(snmp.get(i + 1).split("\\s+")[k]);
            }
        }
        throw new IOException("/proc/net/snmp has no Tcp " + name);
    }
}
