package dts.testbed;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The generated file set is deterministic, and copies are separate files (own page cache). */
class DocrootsTest {
    @Test void generatedFilesAreDeterministicAndSized(@TempDir Path tmp) throws IOException {
        Docroots.generate(tmp.resolve("a"));
        Docroots.generate(tmp.resolve("b"));
        for (Docroots.GeneratedFile f : Docroots.FILES) {
            Path a = tmp.resolve("a/files").resolve(f.name());
            assertEquals(f.sizeBytes(), Files.size(a));
            assertEquals(-1L, Files.mismatch(a, tmp.resolve("b/files").resolve(f.name())));
        }
        assertTrue(Files.readString(tmp.resolve("a/index.html")).contains("/files/4MiB.bin"));
    }

    @Test void copiesAreNotLinks(@TempDir Path tmp) throws IOException {
        Docroots.generate(tmp.resolve("src"));
        Docroots.copy(tmp.resolve("src"), tmp.resolve("n1/www"));
        Path original = tmp.resolve("src/files/1KiB.bin");
        Path copy = tmp.resolve("n1/www/files/1KiB.bin");
        assertEquals(-1L, Files.mismatch(original, copy));
        assertFalse(Files.isSameFile(original, copy));
        assertEquals(1, (int) Files.getAttribute(copy, "unix:nlink"));
    }
}
