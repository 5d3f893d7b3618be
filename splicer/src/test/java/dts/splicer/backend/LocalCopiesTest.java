package dts.splicer.backend;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dts.inspector.route.LocalCache;
import dts.splicer.sys.LibC;

/** What the page cache holds of a docroot's files, through cachestat(2), on the build's own disk. */
class LocalCopiesTest {
    private static final MethodHandle FADVISE = LibC.downcall("posix_fadvise",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT));
    private static final int POSIX_FADV_DONTNEED = 4;

    private static final MethodHandle OPEN = LibC.downcall("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT),
            Linker.Option.firstVariadicArg(2));
    private static final MethodHandle FSYNC = LibC.downcall("fsync", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle CLOSE = LibC.downcall("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));

    /** Synced and dropped from the page cache (a disk file system: target/, not tmpfs). */
    private static void evict(Path file) throws Throwable {
        try (Arena a = Arena.ofConfined()) {
            int fd = (int) OPEN.invokeExact(a.allocateFrom(file.toString()), 0);
            assertTrue(fd >= 0, "open " + file);
            assertEquals(0, (int) FSYNC.invokeExact(fd));
            assertEquals(0, (int) FADVISE.invokeExact(fd, 0L, 0L, POSIX_FADV_DONTNEED));
            assertEquals(0, (int) CLOSE.invokeExact(fd));
        }
    }

    @Test
    void aFileDroppedFromTheCacheMissesWhollyAndIsWholeOnceRead() throws Throwable {
        Path root = Files.createDirectories(Path.of("target", "local-copies-" + ProcessHandle.current().pid()));
        Path big = root.resolve("big.bin");
        byte[] bytes = new byte[1 << 20];
        new Random(7).nextBytes(bytes);
        Files.write(big, bytes);
        Files.createDirectories(root.resolve("dir"));
        Files.writeString(root.resolve("dir/index.html"), "hello");
        Files.write(root.resolve("empty"), new byte[0]);
        evict(big);

        LocalCopies copies = LocalCopies.of("node1", root);
        assertEquals("node1", copies.nodeId());
        assertEquals(1 << 20, copies.missBytes("/big.bin"), "dropped: every byte would be read from disk");
        Files.readAllBytes(big);
        assertEquals(1 << 20, copies.missBytes("/big.bin"), "remembered for a second");
        LocalCopies fresh = LocalCopies.of("node1", root);
        assertEquals(0, fresh.missBytes("/big.bin"), "read once: all cached");
        assertEquals(0, fresh.missBytes("/dir/"), "a directory is its index.html, just written");
        assertEquals(0, fresh.missBytes("/empty"));
        assertEquals(LocalCache.UNKNOWN, fresh.missBytes("/nothing-here"));
        assertEquals(LocalCache.UNKNOWN, fresh.missBytes("/../../etc/passwd"), "nothing above the docroot");
        assertEquals(LocalCache.UNKNOWN, fresh.missBytes("/%00"));
        long[] counts = fresh.counts();
        assertEquals(3, counts[0]);
        assertEquals(3, counts[2]);
    }

    @Test
    void untrustedPathsCannotGrowTheMemo() throws Throwable {
        Path root = Files.createDirectories(Path.of("target", "local-copies-memo-" + ProcessHandle.current().pid()));
        LocalCopies copies = LocalCopies.of("node1", root);
        for (int i = 0; i < LocalCopies.MAX_ENTRIES * 3; i++) copies.missBytes("/x/" + i);
        copies.missBytes("/" + "a".repeat(LocalCopies.MAX_PATH_CHARS + 1));
        assertTrue(copies.remembered() <= LocalCopies.MAX_ENTRIES, "memo of " + copies.remembered() + " paths");
    }
}
