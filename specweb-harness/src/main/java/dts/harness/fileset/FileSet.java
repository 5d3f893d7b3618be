package dts.harness.fileset;

import dts.harness.HarnessException;
import dts.harness.workload.Manifest;
import dts.harness.workload.Seeds;
import dts.harness.workload.Workload;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A generated file set on disk: the files of a {@link Manifest} under a docroot, plus
 * {@code manifest.tsv} at the docroot. Contents come from a per-file seeded PRNG, so the same
 * workload and seed give the same bytes on every node and every run.
 */
public final class FileSet {
    /** Name of the manifest written at the docroot. */
    public static final String MANIFEST_FILE = "manifest.tsv";

    private final Path root;
    private final Manifest manifest;

    private FileSet(Path root, Manifest manifest) {
        this.root = root;
        this.manifest = manifest;
    }

    /**
     * Writes the file set for {@code workload} and {@code seed} under {@code dir} (the docroot). If
     * {@code dir} already holds this exact manifest and every file has its listed size, nothing is
     * rewritten (contents are deterministic, so a complete earlier run left the same bytes).
     */
    public static FileSet generate(Path dir, Workload workload, long seed) {
        Manifest manifest = Manifest.plan(workload, seed);
        Path manifestFile = dir.resolve(MANIFEST_FILE);
        try {
            if (isComplete(dir, manifest, manifestFile)) return new FileSet(dir, manifest);
            Files.deleteIfExists(manifestFile);
            ContentWriter writer = new ContentWriter();
            for (Manifest.Entry e : manifest.entries()) {
                writer.write(resolve(dir, e), contentSeed(seed, e.path()), e.bytes());
            }
            Files.writeString(manifestFile, manifest.toText(), StandardCharsets.UTF_8);
            return new FileSet(dir, manifest);
        } catch (IOException e) {
            throw new HarnessException("file set " + dir + ": " + e.getMessage(), e);
        }
    }

    /** An existing file set: reads its manifest (and checks it against the plan it names). */
    public static FileSet open(Path dir) {
        Path manifestFile = dir.resolve(MANIFEST_FILE);
        try {
            return new FileSet(dir, Manifest.fromText(Files.readString(manifestFile, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new HarnessException("file set " + dir + ": cannot read " + MANIFEST_FILE + ": " + e.getMessage(), e);
        }
    }

    public Path root() { return root; }

    public Manifest manifest() { return manifest; }

    /** Bytes of all files (not counting the manifest). */
    public long totalBytes() { return manifest.totalBytes(); }

    /** Where a manifest entry lives under {@code dir}. */
    public static Path resolve(Path dir, Manifest.Entry e) {
        return dir.resolve(e.path().substring(1));
    }

    /** Seed of one file's content stream: the set's seed mixed with the file's path. */
    static long contentSeed(long seed, String path) {
        return Seeds.mix(seed ^ 0x5DEECE66DL, path);
    }

    /** True when {@code dir} holds exactly {@code manifest}: its manifest file and every file at its size. */
    public static boolean holds(Path dir, Manifest manifest) {
        try {
            return isComplete(dir, manifest, dir.resolve(MANIFEST_FILE));
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isComplete(Path dir, Manifest manifest, Path manifestFile) throws IOException {
        if (!Files.isRegularFile(manifestFile)) return false;
        if (!Files.readString(manifestFile, StandardCharsets.UTF_8).equals(manifest.toText())) return false;
        for (Manifest.Entry e : manifest.entries()) {
            Path p = resolve(dir, e);
            if (!Files.isRegularFile(p) || Files.size(p) != e.bytes()) return false;
        }
        return true;
    }
}
