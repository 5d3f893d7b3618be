package dts.harness.resources;

import dts.harness.HarnessException;
import dts.splicer.sys.LibC;

import java.lang.foreign.FunctionDescriptor;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Emptying the page cache for a clean start. A freshly written file set sits in the cache charged to
 * the writer's cgroup, so without this a node would "read" it without touching the disk.
 */
public final class PageCache {
    private static final MethodHandle SYNC = LibC.downcall("sync", FunctionDescriptor.ofVoid());

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

    /** Drops one file's clean cached pages; local, unlike {@link #dropAll}. */
    public static void evict(Path file) {
        evictAll(java.util.List.of(file));
    }

    /** {@link #evict} for many files with one sync: a whole file set, without touching other caches. */
    public static void evictAll(java.util.Collection<Path> files) {
        try {
            dts.splicer.sys.PageCache.evictAll(files);
        } catch (dts.splicer.sys.SysException e) {
            throw new HarnessException(e.getMessage(), e);
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
