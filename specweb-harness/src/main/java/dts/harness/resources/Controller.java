package dts.harness.resources;

/** The cgroup v1 hierarchies a node uses (cpuacct only counts: the CPU time a node used). */
public enum Controller {
    MEMORY("memory"), CPU("cpu"), CPUACCT("cpuacct"), BLKIO("blkio");

    private final String hierarchy;

    Controller(String hierarchy) {
        this.hierarchy = hierarchy;
    }

    /** Directory name under /sys/fs/cgroup and the name in /proc/self/cgroup. */
    public String hierarchy() { return hierarchy; }
}
