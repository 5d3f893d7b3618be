package dts.harness.resources;

import dts.harness.HarnessException;
import dts.splicer.sys.LibC;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Emptying the page cache for a clean start. A freshly written file set sits in the cache charged to
 * the writer's cgroup, so without this a node would "read" it without touching the disk.
 */
public final class PageCache {
    private static final int O_RDONLY = 0;
    private static final int POSIX_FADV_DONTNEED = 4;
    private static final MethodHandle SYNC = LibC.downcall("sync", FunctionDescriptor.ofVoid());
    private static final MethodHandle OPEN = LibC.downcall("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle FADVISE = LibC.downcall("posix_fadvise",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT));

    private PageCache() {}

    /**
     * sync, then {@code echo 1 > /proc/sys/vm/drop_caches}. Global: it empties the clean page cache of
     * the whole host (every namespace, every cgroup, other users' processes too). Needs root.
     */
    public static void dropAll() {
        sync();
        try {
            Files.writeString(Path.of("/proc/sys/vm/drop_caches"), "1");
        } catch (java.io.IOException e) {
            throw new HarnessException("write 1 to /proc/sys/vm/drop_caches: " + e.getMessage(), e);
        }
    }

    /** Drops one file's clean cached pages (posix_fadvise DONTNEED); local, unlike {@link #dropAll}. */
    public static void evict(Path file) {
        sync();
        dontNeed(file);
    }

    /** {@link #evict} for many files with one sync: a whole file set, without touching other caches. */
    public static void evictAll(java.util.Collection<Path> files) {
        sync();
        for (Path f : files) dontNeed(f);
    }

    private static void dontNeed(Path file) {
        try (Arena a = Arena.ofConfined()) {
            int fd = (int) OPEN.invokeExact(a.allocateFrom(file.toString()), O_RDONLY);
            if (fd < 0) throw new HarnessException("open " + file + " to evict it from the page cache: failed");
            try {
                int rc = (int) FADVISE.invokeExact(fd, 0L, 0L, POSIX_FADV_DONTNEED);
                if (rc != 0) throw new HarnessException("posix_fadvise(DONTNEED) " + file + ": " + LibC.strerror(rc));
            } finally {
                LibC.close(fd);
            }
        } catch (HarnessException e) {
            throw e;
        } catch (Throwable t) {
            throw new HarnessException("evict " + file + ": " + t.getMessage(), t);
        }
    }

    private static void sync() {
        try {
            SYNC.invokeExact();
        } catch (Throwable t) {
            throw new HarnessException("sync: " + t.getMessage(), t);
        }
    }
}
