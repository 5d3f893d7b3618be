package dts.splicer.backend;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

import dts.inspector.route.LocalCache;
import dts.splicer.sys.MemoryRoom;
import dts.splicer.sys.PageCache;

/**
 * This node's web server's page cache, as placement sees it: a request path is mapped into the
 * docroot as the embedded server maps it ({@link DocrootResolver}: no escape from the root, a
 * directory is its index.html) and the file's uncached bytes are asked of the kernel
 * ({@link PageCache}).
 *
 * <p>Placement runs on the data path's event loops, and asking may touch the disk (a cold inode, a
 * directory not read yet), so the asking is done on {@code prober}: a path seen for the first time
 * is {@link #UNKNOWN} (the request follows its pool's policy) and is probed in the background; the
 * answer serves for {@value #FRESH_MILLIS} ms, and is refreshed in the background while a stale one
 * (up to {@value #STALE_MILLIS} ms) still serves. At most {@value #MAX_ENTRIES} paths of at most
 * {@value #MAX_PATH_CHARS} characters are remembered, so untrusted paths cannot grow memory.
 * A hot path with a little missing, or with what is missing fitting in the room the node's memory
 * has left ({@link #roomBytes}, {@link MemoryRoom}, asked on the prober at most once per
 * {@value #FRESH_MILLIS} ms), is read into the cache in the background ({@link #replicate}), at most
 * once per {@value #STALE_MILLIS} ms. A path's file is resolved (realpath, containment, index.html) on
 * its first probe and again only after {@value #RESOLVE_MILLIS} ms or when its file cannot be opened:
 * a refresh is then one {@code cachestat(2)}, not a walk of every directory and link on the path.
 * Thread-safe.
 */
public final class LocalCopies implements LocalCache {
    static final long FRESH_MILLIS = 1000;
    static final long STALE_MILLIS = 5000;
    static final int MAX_ENTRIES = 16384;
    static final int MAX_PATH_CHARS = 512;
    static final long HOT_WINDOW_MILLIS = 5000;
    static final long RESOLVE_MILLIS = 30_000;
    static final int HOT_ASKS = 3;
    private static final long PENDING = Long.MIN_VALUE;

    private final String nodeId;
    private final DocrootResolver resolver;
    private final Executor prober;
    private final LongSupplier room;
    private volatile long roomBytes;
    private volatile long roomAtNanos;
    private volatile boolean roomAsked;
    private final ConcurrentHashMap<String, Entry> recent = new ConcurrentHashMap<>();
    private final LongAdder whole = new LongAdder();
    private final LongAdder partly = new LongAdder();
    private final LongAdder unknown = new LongAdder();
    private final LongAdder probes = new LongAdder();
    private final LongAdder probesDropped = new LongAdder();
    private final LongAdder replications = new LongAdder();
    private final LongAdder resolutions = new LongAdder();

    /**
     * What is known of one path: the last probe's answer and when it was taken (a refresh is asked
     * while {@code refreshing}), and how often this node was asked for it in the current and the
     * last {@value #HOT_WINDOW_MILLIS} ms window. Written by event loops and the prober without
     * locks: a lost count or a briefly older answer only shifts one placement.
     */
    private static final class Entry {
        volatile long missBytes = PENDING;
        volatile long atNanos;
        volatile boolean refreshing = true;
        volatile long prefetchedNanos;
        Path file;              // the prober's: the path's file as last resolved (null: not a file)
        long resolvedNanos;     // the prober's: when; 0 before the first probe
        int asks;
        int asksBefore;
        long windowNanos;

        Entry(long now) {
            atNanos = now;
            windowNanos = now;
            prefetchedNanos = now - 2 * STALE_MILLIS * 1_000_000;
        }

        void asked(long now) {
            if (now - windowNanos > HOT_WINDOW_MILLIS * 1_000_000) {
                asksBefore = now - windowNanos > 2 * HOT_WINDOW_MILLIS * 1_000_000 ? 0 : asks;
                asks = 0;
                windowNanos = now;
            }
            asks++;
        }
    }

    LocalCopies(String nodeId, DocrootResolver resolver, Executor prober, LongSupplier room) {
        this.nodeId = nodeId;
        this.resolver = resolver;
        this.prober = prober;
        this.room = room;
        this.roomAtNanos = System.nanoTime() - FRESH_MILLIS * 2_000_000;
    }

    /**
     * The page cache of the web server of node {@code nodeId} serving {@code docroot}, probed on
     * {@code prober} (a thread off the data path; it may reject work when busy).
     *
     * @throws IOException when the docroot does not resolve
     */
    public static LocalCopies of(String nodeId, Path docroot, Executor prober) throws IOException {
        return new LocalCopies(nodeId, new DocrootResolver(docroot.toRealPath()), prober, MemoryRoom::bytes);
    }

    @Override
    public String nodeId() { return nodeId; }

    @Override
    public long missBytes(String path) {
        long now = System.nanoTime();
        Entry e = recent.get(path);
        if (e == null) {
            e = remember(path, now);
            if (e == null) {
                unknown.increment();
                return UNKNOWN;
            }
        }
        e.asked(now);
        long ageMillis = (now - e.atNanos) / 1_000_000;
        if (ageMillis >= FRESH_MILLIS && !e.refreshing) ask(path, e, false);
        long miss = ageMillis >= STALE_MILLIS || e.missBytes == PENDING ? UNKNOWN : e.missBytes;
        (miss == 0 ? whole : miss > 0 ? partly : unknown).increment();
        return miss;
    }

    /**
     * Reads the file into the page cache on the prober when the path is hot here (asked for
     * {@value #HOT_ASKS} times within one to two windows of {@value #HOT_WINDOW_MILLIS} ms), once per
     * answer: the answer is asked again right after, so the next request sees the file cached.
     */
    @Override
    public void replicate(String path) {
        Entry e = recent.get(path);
        if (e == null || e.refreshing || !hot(e) || System.nanoTime() - e.prefetchedNanos < STALE_MILLIS * 1_000_000) return;
        ask(path, e, true);
    }

    /** The last answer of the memory's room; a new one is asked on the prober when it is a second old. */
    @Override
    public long roomBytes() {
        if (!roomAsked && System.nanoTime() - roomAtNanos >= FRESH_MILLIS * 1_000_000) {
            roomAsked = true;
            try {
                prober.execute(() -> {
                    roomBytes = room.getAsLong();
                    roomAtNanos = System.nanoTime();
                    roomAsked = false;
                });
            } catch (RejectedExecutionException x) {
                probesDropped.increment();
                roomAsked = false;
            }
        }
        return roomBytes;
    }

    /** Whether {@code path} is hot here (for tests). */
    boolean hot(String path) {
        Entry e = recent.get(path);
        return e != null && hot(e);
    }

    private static boolean hot(Entry e) {
        return e.asks + e.asksBefore >= HOT_ASKS;
    }

    /** A new entry for {@code path}, its first probe asked; null when the path is too long to keep. */
    private Entry remember(String path, long now) {
        if (path.length() > MAX_PATH_CHARS) return null;
        if (recent.size() >= MAX_ENTRIES) recent.clear();
        Entry fresh = new Entry(now);
        Entry e = recent.putIfAbsent(path, fresh);
        if (e != null) return e;
        ask(path, fresh, false);
        return fresh;
    }

    /**
     * Asks the kernel on the prober what {@code path}'s file misses, after reading it into the cache
     * first when {@code prefetch}; the path is resolved once for both.
     */
    private void ask(String path, Entry e, boolean prefetch) {
        e.refreshing = true;
        try {
            prober.execute(() -> {
                probes.increment();
                Path file = fileOf(path, e);
                if (prefetch && file != null) {
                    e.prefetchedNanos = System.nanoTime();
                    long missing = Math.max(0, e.missBytes);
                    if (PageCache.prefetch(file)) {
                        replications.increment();
                        roomBytes = Math.max(0, roomBytes - missing); // taken until the room is asked again
                    }
                }
                long miss = file == null ? UNKNOWN : PageCache.uncachedBytes(file);
                if (miss == UNKNOWN) e.resolvedNanos = 0; // gone or replaced: resolved afresh next time
                e.atNanos = System.nanoTime();
                e.missBytes = miss;
                e.refreshing = false;
            });
        } catch (RejectedExecutionException x) {
            probesDropped.increment();
            e.refreshing = false; // asked again on the next request
        }
    }

    /** On the prober: {@code path}'s file, resolved again when never resolved or resolved long ago. */
    private Path fileOf(String path, Entry e) {
        long now = System.nanoTime();
        if (e.resolvedNanos == 0 || now - e.resolvedNanos >= RESOLVE_MILLIS * 1_000_000) {
            DocrootResolver.Resolution r = resolver.resolve(path);
            e.file = r.kind() == DocrootResolver.Kind.FILE ? r.file() : null;
            e.resolvedNanos = now == 0 ? 1 : now;
            resolutions.increment();
        }
        return e.file;
    }

    /** Paths remembered now (at most {@value #MAX_ENTRIES}). */
    int remembered() { return recent.size(); }

    /** Paths resolved to files so far (for tests: a refresh reuses the last resolution). */
    long resolutions() { return resolutions.sum(); }

    /**
     * Answers so far: the whole file cached, part of it (or none) cached, cannot tell (not probed
     * yet, or no such file); then probes made, probes dropped because the prober was busy, and hot
     * files read into the cache ({@link #replicate}).
     */
    public long[] counts() {
        return new long[] {whole.sum(), partly.sum(), unknown.sum(), probes.sum(), probesDropped.sum(), replications.sum()};
    }
}
