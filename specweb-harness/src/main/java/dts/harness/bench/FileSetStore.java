package dts.harness.bench;

import dts.harness.HarnessException;
import dts.harness.fileset.FileSet;
import dts.harness.workload.Manifest;
import dts.harness.workload.Workload;
import dts.testbed.Docroots;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * One generated file set and a separate copy per node (separate files: separate page caches), under
 * {@code workDir/filesets/<key>/nodeI}. Kept between runs (generation and copying are the slow part of
 * a benchmark's setup); only the current key is kept, other file sets there are deleted to bound disk use.
 */
public final class FileSetStore {
    private static final long FREE_MARGIN_BYTES = 2L << 30;

    /** @param root holds node1..nodeN; each a docroot with the same files */
    public record Prepared(Manifest manifest, Path root, int nodes, long totalBytes) {
        public Path nodeDocroot(String nodeId) { return root.resolve(nodeId); }

        /** Every file of every node copy (for evicting them from the page cache). */
        public List<Path> allFiles() {
            List<Path> files = new ArrayList<>();
            for (int i = 1; i <= nodes; i++) {
                Path d = root.resolve("node" + i);
                for (Manifest.Entry e : manifest.entries()) files.add(FileSet.resolve(d, e));
            }
            return files;
        }
    }

    private FileSetStore() {}

    public static Prepared prepare(Path workDir, Workload workload, long seed, int nodes, PrintStream log) {
        Path sets = workDir.resolve("filesets");
        String key = String.format(Locale.ROOT, "s%d-d%d-x%s-seed%d", workload.sessions(), workload.directories(),
                Double.toString(workload.scale()), seed);
        Path root = sets.resolve(key);
        Manifest manifest = Manifest.plan(workload, seed);
        try {
            Files.createDirectories(root);
            removeOthers(sets, key, log);
            requireSpace(root, manifest, nodes);
            Path first = root.resolve("node1");
            if (!FileSet.holds(first, manifest)) {
                log.printf("generating the file set (%s, %.1f MB) in %s%n", key, manifest.totalBytes() / 1e6, first);
                FileSet.generate(first, workload, seed);
            }
            for (int i = 2; i <= nodes; i++) {
                Path copy = root.resolve("node" + i);
                if (FileSet.holds(copy, manifest)) continue;
                log.printf("copying the file set for node%d%n", i);
                deleteTree(copy);
                Docroots.copy(first, copy);
            }
        } catch (IOException e) {
            throw new HarnessException("file sets in " + sets + ": " + e.getMessage(), e);
        }
        return new Prepared(manifest, root, nodes, manifest.totalBytes());
    }

    private static void requireSpace(Path root, Manifest manifest, int nodes) throws IOException {
        long need = 0;
        for (int i = 1; i <= nodes; i++) if (!FileSet.holds(root.resolve("node" + i), manifest)) need += manifest.totalBytes();
        long free = Files.getFileStore(root).getUsableSpace();
        if (need + FREE_MARGIN_BYTES > free) {
            throw new HarnessException(String.format(Locale.ROOT, "file sets: need %.1f GB for %d copies in %s, %.1f GB free "
                    + "(expected: 2 GB to spare; use fewer --sessions, a smaller --scale or another --work-dir)",
                    need / 1e9, nodes, root, free / 1e9));
        }
    }

    private static void removeOthers(Path sets, String keep, PrintStream log) throws IOException {
        try (Stream<Path> s = Files.list(sets)) {
            for (Path p : s.filter(p -> !p.getFileName().toString().equals(keep)).toList()) {
                log.println("removing the older file set " + p);
                deleteTree(p);
            }
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) return;
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
