package dts.node.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** A deterministic docroot for end-to-end tests: files from 100 B to 4 MiB under /t/, kept in memory too. */
final class TestDocroot {
    static final int[] SIZES = {100, 1024, 10 * 1024, 100 * 1024, 1 << 20, 4 << 20};
    private final Path dir;
    private final Map<String, byte[]> files = new LinkedHashMap<>();

    private TestDocroot(Path dir) { this.dir = dir; }

    /** {@code perSize} files of each size, seeded so every run has the same bytes. */
    static TestDocroot create(Path dir, int perSize) {
        TestDocroot d = new TestDocroot(dir);
        Random rnd = new Random(42);
        try {
            Files.createDirectories(dir.resolve("t"));
            for (int size : SIZES) {
                for (int i = 0; i < perSize; i++) {
                    byte[] b = new byte[size];
                    rnd.nextBytes(b);
                    String path = "/t/f" + size + "-" + i + ".bin";
                    Files.write(dir.resolve(path.substring(1)), b);
                    d.files.put(path, b);
                }
            }
            Files.writeString(dir.resolve("index.html"), "<html><body>dts</body></html>\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return d;
    }

    Path dir() { return dir; }

    byte[] bytes(String path) { return files.get(path); }

    List<String> paths() { return new ArrayList<>(files.keySet()); }

    /** Paths of files up to {@code maxBytes}. */
    List<String> pathsUpTo(int maxBytes) {
        return files.entrySet().stream().filter(e -> e.getValue().length <= maxBytes).map(Map.Entry::getKey).toList();
    }
}
