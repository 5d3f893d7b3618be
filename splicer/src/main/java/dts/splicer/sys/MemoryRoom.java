package dts.splicer.sys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * How many more bytes this process's page cache can take without the kernel evicting anything: the
 * least room (limit less usage) of its memory cgroup and every ancestor (cgroup v1 {@code memory}
 * or v2), never more than the host's free memory, less {@value #RESERVE_BYTES} bytes kept for the
 * processes themselves. The cgroup files are read through {@code /sys/fs/cgroup}; a process in a
 * cgroup whose files it cannot see (a sysfs of its own, as under {@code ip netns exec}, which remounts
 * {@code /sys}) has no room it can tell of: 0. Reads a few small files: call it off the data path.
 */
public final class MemoryRoom {
    /** Kept free for the processes' own growth and the kernel. */
    public static final long RESERVE_BYTES = 64L << 20;
    /** A cgroup v1 limit at or over this is "no limit". */
    private static final long NO_LIMIT = 1L << 60;
    private static final Path ROOT = Path.of("/sys/fs/cgroup");

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
                Path base = mounted(ROOT.resolve("memory"), "memory.usage_in_bytes");
                return base != null ? leastRoom(base, f[2], "memory.limit_in_bytes", "memory.usage_in_bytes") : unseen(f[2]);
            }
        }
        for (String line : procSelfCgroup) {
            if (line.startsWith("0::")) {
                Path base = mounted(ROOT, "cgroup.controllers");
                String cgroup = line.substring(3);
                return base != null ? leastRoom(base, cgroup, "memory.max", "memory.current") : unseen(cgroup);
            }
        }
        return Long.MAX_VALUE;
    }

    /** {@code base} when the hierarchy is mounted there (it shows {@code marker}); null otherwise. */
    private static Path mounted(Path base, String marker) {
        return Files.isReadable(base.resolve(marker)) ? base : null;
    }

    /** The room of a cgroup whose files cannot be read: none limits the root; any other may be limited. */
    static long unseen(String cgroup) {
        return cgroup.equals("/") ? Long.MAX_VALUE : 0;
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
