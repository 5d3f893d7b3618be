package dts.harness.workload;

/**
 * The SPECweb2005 Support page types with their published shares of all requests. Every type but
 * {@link #DOWNLOAD} is a small page: a file of {@code minKiB..maxKiB} (before scaling) under
 * {@code /support/pages/<name>/}; a download fetches one file of the download set.
 */
public enum PageType {
    HOME("home", 0.0811, 8, 12),
    SEARCH("search", 0.1261, 10, 16),
    CATALOG("catalog", 0.1171, 8, 14),
    PRODUCT("product", 0.2477, 14, 24),
    FILE_CATALOG("fileCatalog", 0.2252, 16, 30),
    FILE("file", 0.1351, 6, 12),
    DOWNLOAD("download", 0.0676, 0, 0);

    private final String pathName;
    private final double publishedShare;
    private final int minKiB;
    private final int maxKiB;

    PageType(String pathName, double publishedShare, int minKiB, int maxKiB) {
        this.pathName = pathName;
        this.publishedShare = publishedShare;
        this.minKiB = minKiB;
        this.maxKiB = maxKiB;
    }

    /** Name used in paths and reports, e.g. {@code fileCatalog}. */
    public String pathName() { return pathName; }

    /** Expected share of all requests (the published Support mix; sums to 1 over all types). */
    public double publishedShare() { return publishedShare; }

    public boolean isDownload() { return this == DOWNLOAD; }

    /** Smallest page of this type before scaling, bytes. */
    public long minBytes() { return minKiB * 1024L; }

    /** Largest page of this type before scaling, bytes. */
    public long maxBytes() { return maxKiB * 1024L; }

    /** Published shares in {@link #values()} order. */
    public static double[] publishedShares() {
        PageType[] all = values();
        double[] s = new double[all.length];
        for (int i = 0; i < all.length; i++) s[i] = all[i].publishedShare;
        return s;
    }
}
