package dts.splicer.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The page cache of files: how much of a file it holds, from {@code cachestat(2)} (Linux 6.5+: one
 * open, one lseek, one cachestat, one close; nothing is read and nothing is cached by asking),
 * reading a file into it ({@code posix_fadvise(WILLNEED)}), and dropping files from it
 * ({@code posix_fadvise(DONTNEED)}) for a cold start.
 */
public final class PageCache {
    /** {@link #uncachedBytes}: the kernel or the file cannot tell. */
    public static final long UNKNOWN = -1;

    private static final long SYS_CACHESTAT = 451; // x86_64
    private static final int O_RDONLY = 0;
    private static final int O_NOCTTY = 0x100;
    private static final int SEEK_END = 2;
    private static final int ENOSYS = 38;
    private static final long PAGE_BYTES = 4096;

    private static final MethodHandle OPEN = LibC.downcall("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT),
            LibC.captureErrno(), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle LSEEK = LibC.downcall("lseek", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT),
            LibC.captureErrno());
    private static final MethodHandle CACHESTAT = LibC.downcall("syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG),
            LibC.captureErrno(), Linker.Option.firstVariadicArg(1));
    private static final MethodHandle SYNC = LibC.downcall("sync", FunctionDescriptor.ofVoid());
    private static final MethodHandle FADVISE = LibC.downcall("posix_fadvise",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT));
    private static final int POSIX_FADV_DONTNEED = 4;
    private static final int POSIX_FADV_WILLNEED = 3;
    private static final MethodHandle CLOSE_QUIET = LibC.downcall("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));

    private static volatile boolean unsupported;

    private PageCache() {}

    /**
     * The bytes of {@code file} that are not in the page cache now (0: all of it is), or
     * {@link #UNKNOWN} when the file cannot be opened or the kernel has no {@code cachestat}.
     */
    public static long uncachedBytes(Path file) {
        if (unsupported) return UNKNOWN;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = LibC.newCallState(a);
            int fd = (int) OPEN.invokeExact(st, a.allocateFrom(file.toString()), O_RDONLY | O_NOCTTY | LibC.O_CLOEXEC | LibC.O_NONBLOCK);
            if (fd < 0) return UNKNOWN;
            try {
                long size = (long) LSEEK.invokeExact(st, fd, 0L, SEEK_END);
                if (size < 0) return UNKNOWN;
                if (size == 0) return 0;
                MemorySegment range = a.allocate(16, 8); // struct cachestat_range { u64 off; u64 len; }: len 0 = to the end
                MemorySegment stat = a.allocate(40, 8);  // struct cachestat { u64 nr_cache, nr_dirty, nr_writeback, nr_evicted, nr_recently_evicted; }
                long rc = (long) CACHESTAT.invokeExact(st, SYS_CACHESTAT, (long) fd, range, stat, 0L);
                if (rc < 0) {
                    if (LibC.errno(st) == ENOSYS) unsupported = true;
                    return UNKNOWN;
                }
                long cached = stat.get(JAVA_LONG, 0) * PAGE_BYTES;
                return Math.max(0, size - cached);
            } finally {
                int ignored = (int) CLOSE_QUIET.invokeExact(fd);
            }
        } catch (Throwable t) {
            return UNKNOWN;
        }
    }

    /**
     * Starts reading {@code file} into the page cache ({@code posix_fadvise(WILLNEED)}: the kernel's
     * readahead, asynchronous); false when the file cannot be opened or advised.
     */
    public static boolean prefetch(Path file) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = LibC.newCallState(a);
            int fd = (int) OPEN.invokeExact(st, a.allocateFrom(file.toString()), O_RDONLY | O_NOCTTY | LibC.O_CLOEXEC | LibC.O_NONBLOCK);
            if (fd < 0) return false;
            try {
                return (int) FADVISE.invokeExact(fd, 0L, 0L, POSIX_FADV_WILLNEED) == 0;
            } finally {
                int ignored = (int) CLOSE_QUIET.invokeExact(fd);
            }
        } catch (Throwable t) {
            return false;
        }
    }

    /**
     * Drops the clean cached pages of {@code files} (one sync first, so written pages are clean): a
     * file set starts cold without touching other files' caches, as on a machine after boot.
     *
     * @throws SysException naming the file that could not be opened or advised
     */
    public static void evictAll(java.util.Collection<Path> files) {
        try {
            SYNC.invokeExact();
        } catch (Throwable t) {
            throw new SysException("sync", t);
        }
        for (Path f : files) evictOne(f);
    }

    private static void evictOne(Path file) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = LibC.newCallState(a);
            int fd = (int) OPEN.invokeExact(st, a.allocateFrom(file.toString()), O_RDONLY | LibC.O_CLOEXEC);
            if (fd < 0) throw LibC.fail("open " + file + " to drop it from the page cache", LibC.errno(st));
            try {
                int rc = (int) FADVISE.invokeExact(fd, 0L, 0L, POSIX_FADV_DONTNEED);
                if (rc != 0) throw LibC.fail("posix_fadvise(DONTNEED) " + file, rc);
            } finally {
                int ignored = (int) CLOSE_QUIET.invokeExact(fd);
            }
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw new SysException("evict " + file, t);
        }
    }
}
