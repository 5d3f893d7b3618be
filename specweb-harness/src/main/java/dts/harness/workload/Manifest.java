package dts.harness.workload;

import dts.harness.HarnessException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The file set's layout, computed (not read from disk) from a workload and a seed: every path the
 * client may ask for and its exact size, so the client never needs to stat.
 *
 * <pre>
 * /support/pages/&lt;type&gt;/pageNN.html   16 per page type, 6–30 KiB before scaling
 * /support/dirNNNNN/fileKK.bin          16 per directory; file00–04 class 100 KiB, 05–07 600 KiB,
 *                                       08–11 1 MiB, 12–13 4 MiB, 14 9.5 MiB, 15 36 MiB
 * </pre>
 * A download's size is its class mean × a seeded factor in [0.9, 1.1); a page's size is uniform in
 * its type's range; both then scaled (never below 64 bytes).
 */
public final class Manifest {
    /** One file: absolute URL path (also its path under the docroot) and its size. */
    public record Entry(String path, long bytes) {}

    private static final String MAGIC = "# dts-fileset v1";
    private static final PageType[] PAGE_TYPES = java.util.Arrays.copyOf(PageType.values(), PageType.values().length - 1);

    private final Workload workload;
    private final long seed;
    private final Entry[][] pages;
    private final Entry[][] downloads;

    private Manifest(Workload workload, long seed) {
        this.workload = workload;
        this.seed = seed;
        this.pages = new Entry[PAGE_TYPES.length][Workload.PAGES_PER_TYPE];
        for (PageType t : PAGE_TYPES) {
            for (int v = 0; v < Workload.PAGES_PER_TYPE; v++) {
                double u = Seeds.unit(Seeds.mix(seed, 2, t.ordinal(), v));
                long bytes = workload.scaledBytes(t.minBytes() + u * (t.maxBytes() - t.minBytes()));
                pages[t.ordinal()][v] = new Entry(String.format(Locale.ROOT, "/support/pages/%s/page%02d.html", t.pathName(), v), bytes);
            }
        }
        this.downloads = new Entry[workload.directories()][Workload.FILES_PER_DIRECTORY];
        for (int d = 0; d < downloads.length; d++) {
            for (int f = 0; f < Workload.FILES_PER_DIRECTORY; f++) {
                double u = Seeds.unit(Seeds.mix(seed, 1, d, f));
                long bytes = workload.scaledBytes(SizeClass.ofFileIndex(f).meanBytes() * (0.9 + 0.2 * u));
                downloads[d][f] = new Entry(String.format(Locale.ROOT, "/support/dir%05d/file%02d.bin", d, f), bytes);
            }
        }
    }

    /** The layout for {@code workload} and {@code seed}; same inputs, same layout. */
    public static Manifest plan(Workload workload, long seed) {
        return new Manifest(workload, seed);
    }

    public Workload workload() { return workload; }

    public long seed() { return seed; }

    /** Page {@code variant} (0..15) of a non-download type. */
    public Entry page(PageType type, int variant) {
        if (type.isDownload()) throw new HarnessException("type: download (expected: a page type)");
        return pages[type.ordinal()][variant];
    }

    /** File {@code file} (0..15) of directory {@code directory}. */
    public Entry download(int directory, int file) {
        return downloads[directory][file];
    }

    /** Every file, pages first. */
    public List<Entry> entries() {
        List<Entry> all = new ArrayList<>();
        for (Entry[] row : pages) Collections.addAll(all, row);
        for (Entry[] row : downloads) Collections.addAll(all, row);
        return all;
    }

    public long totalBytes() {
        long sum = 0;
        for (Entry e : entries()) sum += e.bytes();
        return sum;
    }

    /** Text form: a header naming the inputs, then {@code bytes<TAB>path} per file. */
    public String toText() {
        StringBuilder sb = new StringBuilder(header()).append('\n');
        for (Entry e : entries()) sb.append(e.bytes()).append('\t').append(e.path()).append('\n');
        return sb.toString();
    }

    /** Re-plans from a text form's header and checks the listed files match. */
    public static Manifest fromText(String text) {
        int nl = text.indexOf('\n');
        String head = nl < 0 ? text : text.substring(0, nl);
        if (!head.startsWith(MAGIC + " ")) throw new HarnessException("manifest header: '" + head + "' (expected: '" + MAGIC + " …')");
        java.util.Map<String, String> kv = new java.util.HashMap<>();
        for (String part : head.substring(MAGIC.length()).trim().split(" ")) {
            int eq = part.indexOf('=');
            if (eq > 0) kv.put(part.substring(0, eq), part.substring(eq + 1));
        }
        try {
            Workload w = new Workload(Integer.parseInt(kv.get("sessions")), Integer.parseInt(kv.get("directories")),
                    Double.parseDouble(kv.get("scale")));
            Manifest m = plan(w, Long.parseLong(kv.get("seed")));
            if (!m.toText().equals(text)) throw new HarnessException("manifest: file list differs from the plan for '" + head + "'");
            return m;
        } catch (NullPointerException | NumberFormatException e) {
            throw new HarnessException("manifest header: '" + head + "' (expected: sessions, directories, scale, seed)", e);
        }
    }

    private String header() {
        return MAGIC + " sessions=" + workload.sessions() + " directories=" + workload.directories()
                + " scale=" + workload.scale() + " seed=" + seed;
    }
}
