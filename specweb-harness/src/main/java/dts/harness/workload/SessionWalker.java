package dts.harness.workload;

import java.util.SplittableRandom;

/**
 * One user's walk: page types from the {@link SupportChain}, a think time before each request, and
 * for a download a directory (uniform), a size class (published shares) and a file within the class
 * (Zipf α = 1.2 by rank). Page variants are uniform. Pure and seeded: same inputs, same steps.
 */
public final class SessionWalker {
    private final Manifest manifest;
    private final SupportChain chain;
    private final ThinkTime thinkTime;
    private final Zipf[] zipfByClass;
    private final SplittableRandom random;
    private final Mix mix;
    private PageType current;

    public SessionWalker(Manifest manifest, long seed) {
        this(manifest, seed, Mix.SUPPORT);
    }

    public SessionWalker(Manifest manifest, long seed, Mix mix) {
        this.manifest = manifest;
        this.chain = SupportChain.published();
        this.thinkTime = new ThinkTime(manifest.workload());
        this.zipfByClass = new Zipf[SizeClass.values().length];
        for (SizeClass c : SizeClass.values()) zipfByClass[c.ordinal()] = new Zipf(c.filesPerDirectory(), Workload.ZIPF_ALPHA);
        this.random = new SplittableRandom(seed);
        this.mix = mix;
    }

    /** The next step; the first one is the home page (support mix). */
    public Step next() {
        if (mix == Mix.LARGE_DOWNLOADS) return largeDownload();
        current = current == null ? PageType.HOME : chain.next(current, random.nextDouble());
        long think = thinkTime.millis(random.nextDouble());
        if (!current.isDownload()) {
            Manifest.Entry page = manifest.page(current, random.nextInt(Workload.PAGES_PER_TYPE));
            return new Step(think, current, page.path(), page.bytes());
        }
        int directory = random.nextInt(manifest.workload().directories());
        SizeClass c = SizeClass.sample(random.nextDouble());
        int rank = zipfByClass[c.ordinal()].sample(random.nextDouble());
        Manifest.Entry file = manifest.download(directory, c.firstFileIndex() + rank);
        return new Step(think, current, file.path(), file.bytes());
    }

    private Step largeDownload() {
        int directory = random.nextInt(manifest.workload().directories());
        SizeClass c = Mix.sampleLarge(random.nextDouble());
        int rank = zipfByClass[c.ordinal()].sample(random.nextDouble());
        Manifest.Entry file = manifest.download(directory, c.firstFileIndex() + rank);
        return new Step(0, PageType.DOWNLOAD, file.path(), file.bytes());
    }
}
