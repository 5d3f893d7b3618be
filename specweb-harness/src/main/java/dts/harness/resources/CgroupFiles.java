package dts.harness.resources;

import dts.harness.HarnessException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Reads and writes cgroup control files; errors name the file. */
final class CgroupFiles {
    private CgroupFiles() {}

    static void write(Path file, String value) {
        requireExists(file);
        try {
            Files.write(file, value.getBytes(StandardCharsets.US_ASCII), StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new HarnessException("write '" + value + "' to " + file + ": " + e.getMessage(), e);
        }
    }

    static String read(Path file) {
        requireExists(file);
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new HarnessException("read " + file + ": " + e.getMessage(), e);
        }
    }

    static long readLong(Path file) {
        String s = read(file).trim();
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new HarnessException(file + ": '" + s + "' (expected: an integer)", e);
        }
    }

    static void requireExists(Path file) {
        if (!Files.exists(file)) {
            throw new HarnessException("cgroup file missing: " + file + " (is the cgroup v1 hierarchy of "
                    + file.getParent() + " mounted with that controller?)", new NoSuchFileException(file.toString()));
        }
    }
}
