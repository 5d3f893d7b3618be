package dts.splicer.backend;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

        java.util.List<Runnable> asked = new java.util.ArrayList<>();
        LocalCopies copies = LocalCopies.of("node1", root, asked::add);
        assertEquals("node1", copies.nodeId());
        assertEquals(LocalCache.UNKNOWN, copies.missBytes("/big.bin"), "not asked yet: the data path never waits for the disk");
        assertEquals(LocalCache.UNKNOWN, copies.missBytes("/big.bin"), "asked once, still pending");
        assertEquals(1, asked.size(), "one probe per path at a time");
        asked.removeFirst().run();
        assertEquals(1 << 20, copies.missBytes("/big.bin"), "dropped: every byte would be read from disk");
        Files.readAllBytes(big);
        assertEquals(1 << 20, copies.missBytes("/big.bin"), "remembered for a second");
        assertEquals(0, asked.size());

        LocalCopies fresh = LocalCopies.of("node1", root, Runnable::run);
        for (String p : new String[] {"/big.bin", "/dir/", "/empty", "/nothing-here", "/../../etc/passwd", "/%00"}) fresh.missBytes(p);
        assertEquals(0, fresh.missBytes("/big.bin"), "read once: all cached");
        assertEquals(0, fresh.missBytes("/dir/"), "a directory is its index.html, just written");
        assertEquals(0, fresh.missBytes("/empty"));
        assertEquals(LocalCache.UNKNOWN, fresh.missBytes("/nothing-here"));
        assertEquals(LocalCache.UNKNOWN, fresh.missBytes("/../../etc/passwd"), "nothing above the docroot");
        assertEquals(LocalCache.UNKNOWN, fresh.missBytes("/%00"));
        long[] counts = fresh.counts();
        assertEquals(6, counts[0], "whole: three paths asked twice");
        assertEquals(6, counts[2], "unknown: three paths that cannot tell, asked twice");
        assertEquals(6, counts[3], "probes: one per path");

        LocalCopies busy = LocalCopies.of("node1", root, r -> { throw new java.util.concurrent.RejectedExecutionException(); });
        assertEquals(LocalCache.UNKNOWN, busy.missBytes("/big.bin"));
        assertEquals(1, busy.counts()[4], "a probe the busy prober refused is counted");
    }

    @Test
    void aHotFileIsReadIntoTheCacheInTheBackgroundAndAColdOneIsNot() throws Throwable {
        Path root = Files.createDirectories(Path.of("target", "local-copies-hot-" + ProcessHandle.current().pid()));
        Path page = root.resolve("page.html");
        Path cold = root.resolve("cold.html");
        Files.write(page, new byte[20_000]);
        Files.write(cold, new byte[20_000]);
        evict(page);
        evict(cold);
        LocalCopies copies = LocalCopies.of("node1", root, Runnable::run);
        assertEquals(20_000, copies.missBytes("/cold.html"));
        copies.replicate("/cold.html");
        assertFalse(copies.hot("/cold.html"), "asked once");
        for (int i = 0; i < LocalCopies.HOT_ASKS; i++) assertEquals(20_000, copies.missBytes("/page.html"));
        assertTrue(copies.hot("/page.html"));
        copies.replicate("/page.html");
        assertEquals(1, copies.counts()[5], "one file read into the cache");
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (PageCacheProbe.uncached(page) != 0 && System.nanoTime() < deadline) Thread.sleep(10);
        assertEquals(0, PageCacheProbe.uncached(page), "the kernel's readahead brought the whole file in");
        assertEquals(20_000, PageCacheProbe.uncached(cold), "a cold file is left on disk");
    }

    @Test
    void theMemorysRoomIsAskedOffTheDataPathAndEachReadTakesItsShare() throws Throwable {
        Path root = Files.createDirectories(Path.of("target", "local-copies-room-" + ProcessHandle.current().pid()));
        Path big = root.resolve("big.bin");
        Files.write(big, new byte[300_000]);
        evict(big);
        java.util.List<Runnable> asked = new java.util.ArrayList<>();
        long[] room = {1_000_000};
        LocalCopies copies = new LocalCopies("node1", new DocrootResolver(root.toRealPath()), asked::add, () -> room[0]);
        assertEquals(0, copies.roomBytes(), "not asked yet: the data path never reads /proc or /sys");
        assertEquals(1, asked.size());
        assertEquals(0, copies.roomBytes(), "asked once at a time");
        assertEquals(1, asked.size());
        asked.remove(0).run();
        assertEquals(1_000_000, copies.roomBytes());
        assertEquals(LocalCache.UNKNOWN, copies.missBytes("/big.bin"));
        assertEquals(1, asked.size(), "the first sight of a path is probed");
        asked.remove(0).run();
        assertEquals(300_000, copies.missBytes("/big.bin"));
        copies.replicate("/big.bin");
        assertTrue(asked.isEmpty(), "asked once: not hot, not read in");
        for (int i = 1; i < LocalCopies.HOT_ASKS; i++) assertEquals(300_000, copies.missBytes("/big.bin"));
        copies.replicate("/big.bin");
        assertEquals(1, asked.size(), "hot: read in");
        asked.remove(0).run();
        assertEquals(1, copies.counts()[5], "read into the cache");
        assertEquals(700_000, copies.roomBytes(), "the missing bytes are taken from the room until it is asked again");
        copies.replicate("/big.bin");
        assertTrue(asked.isEmpty(), "read in at most once per " + LocalCopies.STALE_MILLIS + " ms: " + asked.size());
    }

    /** The kernel's answer now, not the memo's. */
    private static final class PageCacheProbe {
        static long uncached(Path f) { return dts.splicer.sys.PageCache.uncachedBytes(f); }
    }

    @Test
    void untrustedPathsCannotGrowTheMemo() throws Throwable {
        Path root = Files.createDirectories(Path.of("target", "local-copies-memo-" + ProcessHandle.current().pid()));
        LocalCopies copies = LocalCopies.of("node1", root, Runnable::run);
        for (int i = 0; i < LocalCopies.MAX_ENTRIES * 3; i++) copies.missBytes("/x/" + i);
        copies.missBytes("/" + "a".repeat(LocalCopies.MAX_PATH_CHARS + 1));
        assertTrue(copies.remembered() <= LocalCopies.MAX_ENTRIES, "memo of " + copies.remembered() + " paths");
    }

    @Test
    void aRefreshAsksTheKernelWithoutResolvingThePathAgainUnlessItsFileWent() throws Throwable {
        Path root = Files.createDirectories(Path.of("target", "local-copies-refresh-" + ProcessHandle.current().pid()));
        Path page = root.resolve("page.html");
        Files.write(page, new byte[8192]);
        java.util.List<Runnable> asked = new java.util.ArrayList<>();
        LocalCopies copies = LocalCopies.of("node1", root, asked::add);
        copies.missBytes("/page.html");
        asked.removeFirst().run();
        assertEquals(1, copies.resolutions(), "the first probe resolves the path");
        evict(page);
        Thread.sleep(LocalCopies.FRESH_MILLIS + 50);
        copies.missBytes("/page.html");
        asked.removeFirst().run();
        assertEquals(8192, copies.missBytes("/page.html"), "the refresh saw the file dropped from the cache");
        assertEquals(1, copies.resolutions(), "a refresh reuses the resolution");

        Files.delete(page);
        Thread.sleep(LocalCopies.FRESH_MILLIS + 50);
        copies.missBytes("/page.html");
        asked.removeFirst().run();
        assertEquals(LocalCache.UNKNOWN, copies.missBytes("/page.html"), "gone: cannot tell");
        Files.write(page, new byte[100]);
        Thread.sleep(LocalCopies.FRESH_MILLIS + 50);
        copies.missBytes("/page.html");
        asked.removeFirst().run();
        assertEquals(2, copies.resolutions(), "a file that could not be opened is resolved afresh");
        assertEquals(0, copies.missBytes("/page.html"), "the new file, just written");
    }
}
