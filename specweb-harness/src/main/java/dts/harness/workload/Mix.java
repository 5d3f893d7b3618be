package dts.harness.workload;

/**
 * What a session asks for. {@link #SUPPORT} is the SPECweb2005 Support user; {@link #LARGE_DOWNLOADS}
 * only downloads files of the three largest size classes (4 MiB, 9.5 MiB, 36 MiB published, by their
 * relative shares, Zipf within the class, directory uniform), back to back without think time: K
 * sessions are K concurrent large downloads, for the front end's byte throughput at the QoS limit.
 */
public enum Mix {
    SUPPORT("support"), LARGE_DOWNLOADS("large-downloads");

    /** Classes of the large-downloads mix. */
    static final SizeClass[] LARGE = {SizeClass.C4M, SizeClass.C9M5, SizeClass.C36M};

    private final String label;

    Mix(String label) {
        this.label = label;
    }

    public String label() { return label; }

    public static Mix of(String label) {
        for (Mix m : values()) if (m.label.equals(label)) return m;
        throw new dts.harness.HarnessException("mix: '" + label + "' (expected: support or large-downloads)");
    }

    /** A large class for {@code u} uniform in [0, 1), by the classes' published shares renormalised. */
    static SizeClass sampleLarge(double u) {
        double total = 0;
        for (SizeClass c : LARGE) total += c.share();
        double acc = 0;
        for (SizeClass c : LARGE) {
            acc += c.share() / total;
            if (u < acc) return c;
        }
        return LARGE[LARGE.length - 1];
    }
}
