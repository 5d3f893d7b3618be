package dts.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/** Writes key files: mode 0600 from the moment they exist (never readable by others, even briefly). */
public final class KeyFiles {
    private KeyFiles() {}

    /**
     * Writes a fresh cluster key to {@code file}; an existing file is replaced only with {@code force}.
     *
     * @throws ConfigException {@code cluster.key-file: FILE exists (expected: --force to replace it)}
     */
    public static ClusterKey writeNew(Path file, boolean force) {
        ClusterKey key = ClusterKey.generate();
        Path abs = file.toAbsolutePath();
        try {
            if (!force && Files.exists(abs, java.nio.file.LinkOption.NOFOLLOW_LINKS)) throw exists(abs);
            Path tmp = Files.createTempFile(abs.getParent(), ".dts-key", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, key.hex() + "\n", StandardCharsets.US_ASCII);
            if (force) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } else {
                try {
                    Files.createLink(abs, tmp); // fails if the name was taken meanwhile: never overwrite
                } finally {
                    Files.delete(tmp);
                }
            }
            return key;
        } catch (FileAlreadyExistsException e) {
            throw exists(abs);
        } catch (IOException e) {
            throw new ConfigException("cluster.key-file", List.of("cluster.key-file: cannot write " + abs + " (" + e.getMessage() + ")"));
        }
    }

    private static ConfigException exists(Path file) {
        return new ConfigException("cluster.key-file", List.of("cluster.key-file: " + file + " exists (expected: --force to replace it)"));
    }

}
