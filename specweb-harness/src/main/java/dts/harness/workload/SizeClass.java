package dts.harness.workload;

/**
 * The six Support download size classes: share of downloads, published mean size, and how many of a
 * directory's 16 files belong to the class. The file counts (5, 3, 4, 2, 1, 1) are the ones that
 * reproduce the published ≈62.7 MB per directory from the class means. Within a directory the files
 * of a class are consecutive: class 0 holds file00–file04, class 1 file05–file07, and so on.
 */
public enum SizeClass {
    C100K(0.1366, 100L * 1024, 5),
    C600K(0.1261, 600L * 1024, 3),
    C1M(0.2840, 1024L * 1024, 4),
    C4M(0.2232, 4L * 1024 * 1024, 2),
    C9M5(0.1250, 19L * 512 * 1024, 1),
    C36M(0.1051, 36L * 1024 * 1024, 1);

    private final double share;
    private final long meanBytes;
    private final int filesPerDirectory;

    SizeClass(double share, long meanBytes, int filesPerDirectory) {
        this.share = share;
        this.meanBytes = meanBytes;
        this.filesPerDirectory = filesPerDirectory;
    }

    /** Share of all downloads that fall in this class. */
    public double share() { return share; }

    /** Published mean file size of the class, bytes, before scaling. */
    public long meanBytes() { return meanBytes; }

    public int filesPerDirectory() { return filesPerDirectory; }

    /** Index (0..15) of this class's first file within a directory. */
    public int firstFileIndex() {
        int index = 0;
        for (SizeClass c : values()) {
            if (c == this) return index;
            index += c.filesPerDirectory;
        }
        throw new AssertionError(this);
    }

    /** The class a directory's file index (0..15) belongs to. */
    public static SizeClass ofFileIndex(int fileIndex) {
        int end = 0;
        for (SizeClass c : values()) {
            end += c.filesPerDirectory;
            if (fileIndex < end) return c;
        }
        throw new IllegalArgumentException("fileIndex: " + fileIndex + " (expected: < " + end + ")");
    }

    /** Inverse-CDF pick by share for {@code u} uniform in [0, 1). */
    public static SizeClass sample(double u) {
        double acc = 0;
        SizeClass[] all = values();
        for (SizeClass c : all) {
            acc += c.share;
            if (u < acc) return c;
        }
        return all[all.length - 1];
    }
}
