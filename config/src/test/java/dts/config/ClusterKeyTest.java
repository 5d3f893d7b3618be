package dts.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Key files: mode 0600 and 256 bits, or a clear error naming the file; the config reader checks them. */
class ClusterKeyTest {
    @TempDir
    Path tmp;

    private Path file(String text, String mode) throws Exception {
        Path f = tmp.resolve("key-" + mode + "-" + text.length());
        Files.writeString(f, text);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
        return f;
    }

    private static String error(Path f) {
        return assertThrows(ConfigException.class, () -> ClusterKey.load(f)).getMessage();
    }

    @Test void aGoodKeyLoads() throws Exception {
        ClusterKey k = ClusterKey.generate();
        assertEquals(k.hex(), ClusterKey.load(file(k.hex() + "\n", "rw-------")).hex());
        assertArrayEquals(k.derive("a"), ClusterKey.ofHex(k.hex()).derive("a"));
        assertFalse(java.util.Arrays.equals(k.derive("a"), k.derive("b")), "one key per label");
    }

    @Test void modeMustBe0600() throws Exception {
        String hex = ClusterKey.generate().hex();
        Path world = file(hex, "rw----r--");
        assertEquals("cluster.key-file: " + world + " is world-readable (expected: mode 0600)", error(world));
        Path group = file(hex, "rw-r-----");
        assertEquals("cluster.key-file: " + group + " is group-readable (expected: mode 0600)", error(group));
    }

    @Test void lengthAndContentAreChecked() throws Exception {
        Path shortKey = file("abcd", "rw-------");
        assertEquals("cluster.key-file: " + shortKey + " holds 16 bits (expected: 64 hex digits, 256 bits, from dts keygen)", error(shortKey));
        Path notHex = file("z".repeat(64), "rw-------");
        assertTrue(error(notHex).endsWith("is not a key (expected: 64 hex digits, from dts keygen)"));
        Path missing = tmp.resolve("nope");
        assertEquals("cluster.key-file: " + missing + " does not exist (expected: a key file from dts keygen)", error(missing));
    }

    @Test void theConfigReaderReportsABadKeyFile() throws Exception {
        Path world = file(ClusterKey.generate().hex(), "rw-rw-rw-");
        String yaml = "cluster: { key-file: \"" + world + "\" }\nnodes:\n  - { id: n1, address: 198.18.1.1 }\n";
        ConfigException e = assertThrows(ConfigException.class, () -> DtsConfig.parse(yaml, "t.yaml"));
        assertEquals("cluster.key-file: " + world + " is world-readable (expected: mode 0600)", e.errors().get(0));
        Path good = file(ClusterKey.generate().hex(), "rw-------");
        DtsConfig c = DtsConfig.parse(yaml.replace(world.toString(), good.toString()), "t.yaml");
        assertEquals(good, c.cluster().keyFile().orElseThrow());
        assertEquals(7072, c.cluster().membershipPort());
    }

    @Test void keyFilesAreNeverOverwrittenWithoutForce() throws Exception {
        Path f = tmp.resolve("k");
        ClusterKey first = KeyFiles.writeNew(f, false);
        assertThrows(ConfigException.class, () -> KeyFiles.writeNew(f, false));
        assertEquals(first.hex(), ClusterKey.load(f).hex());
    }
}
