package dts.splicer.sys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * How many more bytes this process's page cache can take without the kernel evicting anything: the
 * least room (limit less usage) of its memory cgroup and every ancestor (cgroup v1 {@code memory}
 * or v2), never more than the host's free memory, less {@value #RESERVE_BYTES} bytes kept for the
 * processes themselves. The cgroup files are read through {@code /sys/fs/cgroup}, or through PID 1's
 * root when this process runs with a sysfs of its own (as under {@code ip netns exec}). Reads a few
 * small files: call it off the data path.
 */
public final class MemoryRoom {
    /** Kept free for the processes' own growth and the kernel. */
    public static final long RESERVE_BYTES = 64L << 20;
    /** A cgroup v1 limit at or over this is "no limit". */
    private static final long NO_LIMIT = 1L << 60;
    private static final List<String> ROOTS = List.of("/sys/fs/cgroup", "/proc/1/root/sys/fs/cgroup");

    private MemoryRoom() {}

    /** The room now, in bytes (0 when there is none, or when it cannot be told). */
    public static long bytes() {
        try {
            long room = hostFreeBytes(Files.readAllLines(Path.of("/proc/meminfo")));
            room = Math.min(room, cgroupRoomBytes(Files.readAllLines(Path.of("/proc/self/cgroup"))));
            return Math.max(0, room - RESERVE_BYTES);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** {@code MemFree} of {@code /proc/meminfo}, in bytes. */
    static long hostFreeBytes(List<String> meminfo) {
        for (String line : meminfo) {
            if (line.startsWith("MemFree:")) return Long.parseLong(line.substring(8).trim().split("\\s+")[0]) * 1024;
        }
        throw new IllegalStateException("no MemFree in /proc/meminfo");
    }

    /** The least room over this process's memory cgroup and its ancestors; {@code Long.MAX_VALUE} when none limits. */
    static long cgroupRoomBytes(List<String> procSelfCgroup) throws IOException {
        for (String line : procSelfCgroup) {
            String[] f = line.split(":", 3);
            if (f.length == 3 && List.of(f[1].split(",")).contains("memory")) {
                Path base = mounted("memory", "memory.usage_in_bytes");
                return base == null ? Long.MAX_VALUE : leastRoom(base, f[2], "memory.limit_in_bytes", "memory.usage_in_bytes");
            }
        }
        for (String line : procSelfCgroup) {
            if (line.startsWith("0::")) {
                Path base = mounted("", "cgroup.controllers");
                return base == null ? Long.MAX_VALUE : leastRoom(base, line.substring(3), "memory.max", "memory.current");
            }
        }
        return Long.MAX_VALUE;
    }

    /** The first of the roots where {@code controller}'s hierarchy shows {@code marker}. */
    private static Path mounted(String controller, String marker) {
        for (String root : ROOTS) {
            Path base = Path.of(root, controller);
            if (Files.isReadable(base.resolve(marker))) return base;
        }
        return null;
    }

    static long leastRoom(Path base, String cgroup, String limitFile, String usageFile) throws IOException {
        long least = Long.MAX_VALUE;
        Path dir = base.resolve(cgroup.startsWith("/") ? cgroup.substring(1) : cgroup).normalize();
        for (; dir != null && dir.startsWith(base); dir = dir.getParent()) {
            Path limit = dir.resolve(limitFile);
            if (!Files.isReadable(limit)) continue;
            String l = Files.readString(limit).trim();
            if (l.equals("max")) continue;
            long limitBytes = Long.parseLong(l);
            if (limitBytes >= NO_LIMIT) continue;
            long usage = Long.parseLong(Files.readString(dir.resolve(usageFile)).trim());
            least = Math.min(least, limitBytes - usage);
        }
        return least;
    }
}
