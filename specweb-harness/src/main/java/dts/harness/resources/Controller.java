package dts.harness.resources;

/** The cgroup v1 hierarchies a node uses. */
public enum Controller {
    MEMORY("memory"), CPU("cpu"), BLKIO("blkio");

    private final String hierarchy;

    Controller(String hierarchy) {
        this.hierarchy = hierarchy;
    }

    /** Directory name under /sys/fs/cgroup and the name in /proc/self/cgroup. */
    public String hierarchy() { return hierarchy; }
}
