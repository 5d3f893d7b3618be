package dts.inspector.route;

import java.util.function.ToLongFunction;

/**
 * What the node placing a request knows of its own page cache. Extended LARD (Aron et al.,
 * "Efficient Support for P-HTTP in Cluster-Based Web Servers", USENIX 1999) serves a request where
 * the client's connection already is when that node caches the target, instead of moving the
 * connection to the node LARD names; LARD/R replicates hot targets. The node does the I/O, off the
 * data path; the router only reads the figure and leaves hints.
 */
public interface LocalCache {
    /** {@link #missBytes}: the node cannot tell (no docroot, no such file, not asked yet, no kernel support). */
    long UNKNOWN = -1;

    /** The node that holds the connection; null when there is none. */
    String nodeId();

    /**
     * How many bytes of the file {@code path} names this node's web server would read from disk to
     * serve it now: 0 when the whole file is in the page cache, {@link #UNKNOWN} when it cannot tell.
     *
     * @param path a normalized request path ({@code RequestHead.path()})
     */
    long missBytes(String path);

    /**
     * A hint: {@code path} would have stayed here had the whole file been cached, and only a little of
     * it is missing (or the cache has {@link #roomBytes room} for what is). The node may read it into
     * its cache in the background when it is hot here, so that later requests stay. Never blocks.
     */
    default void replicate(String path) {}

    /**
     * How many more bytes this node's page cache can take now without the kernel evicting anything
     * (its memory's free room less a reserve); 0 when there is none or it cannot tell. A hot file
     * that fits is worth replicating whatever its size: reading it in costs no other file its place.
     */
    default long roomBytes() {
        return 0;
    }

    /** No node to keep the request: placement by the pool's policy alone. */
    static LocalCache none() {
        return NONE;
    }

    /** A view of node {@code nodeId}'s cache through {@code missBytes}; hints are dropped. */
    static LocalCache of(String nodeId, ToLongFunction<String> missBytes) {
        return new LocalCache() {
            @Override public String nodeId() { return nodeId; }
            @Override public long missBytes(String path) { return missBytes.applyAsLong(path); }
        };
    }

    LocalCache NONE = of(null, path -> UNKNOWN);
}
