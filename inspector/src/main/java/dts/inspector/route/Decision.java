package dts.inspector.route;

/**
 * Where one request goes.
 *
 * @param nodeId the serving node when {@link Outcome#ROUTED}, else null
 * @param ruleIndex the index of the matching rule, -1 for {@link Outcome#NO_MATCH}
 * @param pool the pool of the matching rule, null for {@link Outcome#NO_MATCH}
 * @param outcome whether a node was found
 */
public record Decision(String nodeId, int ruleIndex, String pool, Outcome outcome) {

    /** What a route came to. */
    public enum Outcome {
        /** {@link #nodeId()} serves the request. */
        ROUTED,
        /** A rule matched but no node of its pool is live: answer 503. */
        NO_LIVE_NODE,
        /** No rule matched (the rules have no default {@code { pool: all }}): answer 503. */
        NO_MATCH
    }

    static Decision routed(String nodeId, int ruleIndex, String pool) {
        return new Decision(nodeId, ruleIndex, pool, Outcome.ROUTED);
    }

    static Decision noLiveNode(int ruleIndex, String pool) {
        return new Decision(null, ruleIndex, pool, Outcome.NO_LIVE_NODE);
    }

    static Decision noMatch() {
        return new Decision(null, -1, null, Outcome.NO_MATCH);
    }
}
