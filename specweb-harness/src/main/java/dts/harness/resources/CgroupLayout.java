package dts.harness.resources;

import dts.harness.Check;
import dts.harness.HarnessException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Where node cgroups go: {@code <mount>/<controller>/<parent>/dts/<node>}. By default the parent is
 * the calling process's own cgroup in each hierarchy (from /proc/self/cgroup), so node processes stay
 * inside whatever cgroup the caller was started in (on this machine: "/" for cpu and blkio, a
 * per-session cgroup for memory); {@link #at} takes explicit parents.
 */
public final class CgroupLayout {
    public static final Path MOUNT = Path.of("/sys/fs/cgroup");
    private final Map<Controller, Path> bases;

    private CgroupLayout(Map<Controller, Path> bases) {
        this.bases = bases;
    }

    /** {@code /sys/fs/cgroup/<c>/<own cgroup of c>/dts} for each controller. */
    public static CgroupLayout nestedInOwn() {
        Map<Controller, Path> bases = new EnumMap<>(Controller.class);
        Map<Controller, String> own = ownCgroups();
        for (Controller c : Controller.values()) {
            String rel = own.getOrDefault(c, "/");
            bases.put(c, MOUNT.resolve(c.hierarchy()).resolve(rel.substring(1)).resolve("dts"));
        }
        return new CgroupLayout(bases);
    }

    /** {@code <base of c>/<node>} with explicit bases (each must be a directory in a cgroup v1 hierarchy). */
    public static CgroupLayout at(Map<Controller, Path> bases) {
        for (Controller c : Controller.values()) Check.notNull("bases[" + c.hierarchy() + "]", bases.get(c));
        return new CgroupLayout(new EnumMap<>(bases));
    }

    public Path base(Controller c) { return bases.get(c); }

    public Path dir(Controller c, String node) { return bases.get(c).resolve(node); }

    /** Parses /proc/self/cgroup lines {@code id:controllers:path}. */
    static Map<Controller, String> ownCgroups() {
        try {
            return parse(Files.readAllLines(Path.of("/proc/self/cgroup")));
        } catch (IOException e) {
            throw new HarnessException("/proc/self/cgroup: " + e.getMessage(), e);
        }
    }

    static Map<Controller, String> parse(List<String> lines) {
        Map<Controller, String> own = new EnumMap<>(Controller.class);
        for (String line : lines) {
            String[] f = line.split(":", 3);
            if (f.length < 3) continue;
            for (String name : f[1].split(",")) {
                for (Controller c : Controller.values()) if (c.hierarchy().equals(name)) own.put(c, f[2]);
            }
        }
        return own;
    }
}
