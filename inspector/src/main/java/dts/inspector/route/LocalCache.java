package dts.inspector.route;

import java.util.function.ToLongFunction;

/**
 * What the node placing a later request of a kept-alive connection knows of its own page cache.
 * Extended LARD (Aron et al., "Efficient Support for P-HTTP in Cluster-Based Web Servers", USENIX
 * 1999) serves such a request where the connection already is while reading it there is cheap,
 * instead of moving the connection to the node whose cache holds it. The node does the I/O; the
 * router only reads the figure.
 */
public interface LocalCache {
    /** {@link #missBytes}: the node cannot tell (no docroot, no such file, no kernel support). */
    long UNKNOWN = -1;

    /** The node that holds the connection; null when there is none to keep it (a connection's first request). */
    String nodeId();

    /**
     * How many bytes of the file {@code path} names this node's web server would read from disk to
     * serve it now: 0 when the whole file is in the page cache, {@link #UNKNOWN} when it cannot tell.
     *
     * @param path a normalized request path ({@code RequestHead.path()})
     */
    long missBytes(String path);

    /** No node to keep the request: placement by the pool's policy alone. */
    static LocalCache none() {
        return NONE;
    }

    /** A view of node {@code nodeId}'s cache through {@code missBytes}. */
    static LocalCache of(String nodeId, ToLongFunction<String> missBytes) {
        return new LocalCache() {
            @Override public String nodeId() { return nodeId; }
            @Override public long missBytes(String path) { return missBytes.applyAsLong(path); }
        };
    }

    /**
     * The same cache seen for a connection's first request: only a file wholly cached counts (0),
     * anything else is {@link #UNKNOWN}. The node that inspects then serves it only when it is
     * already one of the nodes whose cache holds it (LARD/R's server set); a cold path goes home.
     */
    static LocalCache wholeFilesOf(LocalCache here) {
        return of(here.nodeId(), path -> here.missBytes(path) == 0 ? 0 : UNKNOWN);
    }

    LocalCache NONE = of(null, path -> UNKNOWN);
}
