package dts.cli;

import dts.config.ClusterKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code dts keygen}: a 256-bit hex key, mode 0600, never overwritten without --force. */
class KeygenCommandTest {
    @TempDir
    Path tmp;

    private static int run(StringWriter err, String... args) {
        var cl = Main.commandLine();
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test void writesAKeyOnlyItsOwnerCanRead() throws Exception {
        Path f = tmp.resolve("cluster.key");
        assertEquals(0, run(new StringWriter(), "keygen", "--out", f.toString()));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        String hex = Files.readString(f).strip();
        assertEquals(64, hex.length(), "256 bits as hex: " + hex);
        assertEquals(hex, ClusterKey.load(f).hex());
    }

    @Test void refusesToOverwriteWithoutForce() throws Exception {
        Path f = tmp.resolve("cluster.key");
        run(new StringWriter(), "keygen", "--out", f.toString());
        String first = Files.readString(f);
        StringWriter err = new StringWriter();
        assertNotEquals(0, run(err, "keygen", "--out", f.toString()));
        assertTrue(err.toString().contains("exists (expected: --force to replace it)"), err.toString());
        assertEquals(first, Files.readString(f));
        assertEquals(0, run(new StringWriter(), "keygen", "--out", f.toString(), "--force"));
        assertNotEquals(first, Files.readString(f), "a fresh key");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
    }
}
