package dts.testbed;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Document roots: a deterministic generated file set, and one separate copy per node (never hard
 * links: each node must have its own page cache for the same URL, as separate machines would).
 */
public final class Docroots {
    /** The generated files under /files/: name and size in bytes. */
    public record GeneratedFile(String name, int sizeBytes) {}

    public static final List<GeneratedFile> FILES = List.of(
            new GeneratedFile("100B.bin", 100),
            new GeneratedFile("1KiB.bin", 1 << 10),
            new GeneratedFile("10KiB.bin", 10 << 10),
            new GeneratedFile("100KiB.bin", 100 << 10),
            new GeneratedFile("1MiB.bin", 1 << 20),
            new GeneratedFile("4MiB.bin", 4 << 20));
    public static final long SEED = 0x5eedL;
    private static final int CHUNK_BYTES = 64 << 10;

    private Docroots() {}

    /** Writes index.html and files/*.bin into {@code dir}; same bytes on every run (seeded). */
    public static void generate(Path dir) {
        try {
            Files.createDirectories(dir.resolve("files"));
            StringBuilder index = new StringBuilder("<!doctype html>\n<html><head><title>DTS testbed</title></head><body>\n"
                    + "<h1>DTS testbed</h1>\n<ul>\n");
            for (GeneratedFile f : FILES) {
                writeRandom(dir.resolve("files").resolve(f.name()), f.sizeBytes(), SEED ^ f.sizeBytes());
                index.append("<li><a href=\"/files/").append(f.name()).append("\">").append(f.name()).append("</a></li>\n");
            }
            Files.writeString(dir.resolve("index.html"), index.append("</ul>\n</body></html>\n"));
        } catch (IOException e) {
            throw new TestbedException("cannot generate docroot in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void writeRandom(Path file, int sizeBytes, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] chunk = new byte[CHUNK_BYTES];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int left = sizeBytes; left > 0; ) {
                int n = Math.min(left, chunk.length);
                random.nextBytes(chunk);
                out.write(chunk, 0, n);
                left -= n;
            }
        }
    }

    /**
     * Copies the tree {@code from} to {@code to} (created), file by file, modification times kept: every
     * node then gives a file the same validators (nginx's ETag and Last-Modified come from the mtime),
     * as a real cluster's replicated content must for a response cut mid-body to be continued elsewhere.
     */
    public static void copy(Path from, Path to) {
        if (!Files.isDirectory(from)) throw new TestbedException("docroot " + from + " is not a directory");
        try {
            Files.walkFileTree(from, new SimpleFileVisitor<>() {
                @Override public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                    return FileVisitResult.CONTINUE;
                }

                @Override public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new TestbedException("cannot copy docroot " + from + " to " + to + ": " + e.getMessage(), e);
        }
    }

    /** Drops every file under {@code dir} from the page cache (placement reads what a node's cache holds). */
    public static void dropFromPageCache(Path dir) {
        try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
            dts.splicer.sys.PageCache.evictAll(files.filter(Files::isRegularFile).toList());
        } catch (IOException | dts.splicer.sys.SysException e) {
            throw new TestbedException("cannot drop docroot " + dir + " from the page cache: " + e.getMessage(), e);
        }
    }
}
