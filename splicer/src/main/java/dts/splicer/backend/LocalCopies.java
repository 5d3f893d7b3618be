package dts.splicer.backend;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import dts.inspector.route.LocalCache;
import dts.splicer.sys.PageCache;

/**
 * This node's web server's page cache, as placement sees it: a request path is mapped into the
 * docroot as the embedded server maps it ({@link DocrootResolver}: no escape from the root, a
 * directory is its index.html) and the file's uncached bytes are asked of the kernel
 * ({@link PageCache}). An answer is remembered for {@value #TTL_MILLIS} ms, for at most
 * {@value #MAX_ENTRIES} paths of at most {@value #MAX_PATH_CHARS} characters, so untrusted paths
 * cannot grow memory. Thread-safe.
 */
public final class LocalCopies implements LocalCache {
    static final long TTL_MILLIS = 1000;
    static final int MAX_ENTRIES = 4096;
    static final int MAX_PATH_CHARS = 512;

    private final String nodeId;
    private final DocrootResolver resolver;
    private final ConcurrentHashMap<String, Answer> recent = new ConcurrentHashMap<>();
    private final LongAdder whole = new LongAdder();
    private final LongAdder partly = new LongAdder();
    private final LongAdder unknown = new LongAdder();

    private record Answer(long missBytes, long untilNanos) {}

    private LocalCopies(String nodeId, DocrootResolver resolver) {
        this.nodeId = nodeId;
        this.resolver = resolver;
    }

    /**
     * The page cache of the web server of node {@code nodeId} serving {@code docroot}.
     *
     * @throws IOException when the docroot does not resolve
     */
    public static LocalCopies of(String nodeId, Path docroot) throws IOException {
        return new LocalCopies(nodeId, new DocrootResolver(docroot.toRealPath()));
    }

    @Override
    public String nodeId() { return nodeId; }

    @Override
    public long missBytes(String path) {
        long now = System.nanoTime();
        Answer a = recent.get(path);
        if (a == null || now - a.untilNanos > 0) {
            a = new Answer(probe(path), now + TTL_MILLIS * 1_000_000);
            if (path.length() <= MAX_PATH_CHARS) {
                if (recent.size() >= MAX_ENTRIES) recent.clear();
                recent.put(path, a);
            }
        }
        long miss = a.missBytes;
        (miss == 0 ? whole : miss > 0 ? partly : unknown).increment();
        return miss;
    }

    private long probe(String path) {
        DocrootResolver.Resolution r = resolver.resolve(path);
        return r.kind() == DocrootResolver.Kind.FILE ? PageCache.uncachedBytes(r.file()) : UNKNOWN;
    }

    /** Paths remembered now (at most {@value #MAX_ENTRIES}). */
    int remembered() { return recent.size(); }

    /** Answers so far: the whole file cached, part of it (or none) cached, cannot tell. */
    public long[] counts() {
        return new long[] {whole.sum(), partly.sum(), unknown.sum()};
    }
}
