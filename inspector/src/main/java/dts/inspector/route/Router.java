package dts.inspector.route;

import java.util.Set;

import dts.config.DtsConfig;
import dts.inspector.http.RequestHead;

/**
 * Sends each request to a node: the first rule of the config that matches the head names a pool,
 * and the pool's policy picks one of its live nodes. One router per config version; it is
 * immutable but for policy state (round-robin position) and hit counters, and thread-safe.
 */
public interface Router {

    static Router create(DtsConfig config) {
        return new DefaultRouter(config);
    }

    /**
     * Routes one request head.
     *
     * @param clientAddress the client's IP address, without port (the key of {@code client-hash})
     * @param liveNodes the ids of the nodes now live; ids the config does not know are ignored
     * @param load the nodes' active connections (for {@code locality} and {@code least-connections})
     */
    default Decision route(RequestHead head, String clientAddress, Set<String> liveNodes, LoadView load) {
        return route(head, clientAddress, liveNodes, liveNodes, load);
    }

    /**
     * Routes one request head among the {@code preferred} live nodes (e.g. those whose web servers
     * are up); a pool with no live member among them is served by its live members as if all were
     * preferred, rather than answered 503. The rule's hit is counted once.
     *
     * @param preferred a subset of {@code liveNodes}
     */
    default Decision route(RequestHead head, String clientAddress, Set<String> preferred, Set<String> liveNodes, LoadView load) {
        return route(head, clientAddress, preferred, liveNodes, load, LocalCache.none());
    }

    /**
     * Routes a request whose connection node {@code here} holds: a {@code locality} pool may keep it
     * there when that node's page cache holds the file (see {@link LocalCache}).
     */
    Decision route(RequestHead head, String clientAddress, Set<String> preferred, Set<String> liveNodes, LoadView load,
                   LocalCache here);

    /**
     * The pool of the first rule that matches {@code head}, or null when none does; places nothing and
     * counts no hit (for a request another node placed, to label what this node serves of it).
     */
    String poolOf(RequestHead head);

    /** The config this router applies. */
    DtsConfig config();

    /** How many requests each rule matched so far, by rule index (a snapshot). */
    long[] ruleHits();
}
