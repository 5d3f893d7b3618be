package dts.inspector.route;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

import dts.config.DtsConfig;
import dts.config.PoolConfig;
import dts.config.RuleConfig;
import dts.inspector.http.RequestHead;

/** {@link Router} over the rules of one config: first match wins, then the pool's placement. */
final class DefaultRouter implements Router {
    private final DtsConfig config;
    private final RuleMatcher[] matchers;
    private final PoolRoute[] pools; // by rule index
    private final LongAdder[] hits;

    /** A pool's members and policy, shared by the rules that name it (one round-robin counter). */
    private record PoolRoute(String name, PoolMembers members, Placement placement) {}

    DefaultRouter(DtsConfig config) {
        this.config = config;
        Map<String, PoolRoute> byName = new HashMap<>();
        for (PoolConfig pool : config.pools().values()) {
            byName.put(pool.name(), new PoolRoute(pool.name(), new PoolMembers(pool.nodes()), Placement.of(pool)));
        }
        List<RuleConfig> rules = config.rules();
        this.matchers = new RuleMatcher[rules.size()];
        this.pools = new PoolRoute[rules.size()];
        this.hits = new LongAdder[rules.size()];
        for (RuleConfig rule : rules) {
            matchers[rule.index()] = new RuleMatcher(rule.match());
            pools[rule.index()] = byName.get(rule.pool()); // validated: every rule names a pool
            hits[rule.index()] = new LongAdder();
        }
    }

    @Override
    public Decision route(RequestHead head, String clientAddress, Set<String> preferred, Set<String> liveNodes, LoadView load,
                          LocalCache here) {
        for (int i = 0; i < matchers.length; i++) {
            if (matchers[i].matches(head)) {
                hits[i].increment();
                PoolRoute pool = pools[i];
                LiveSet live = pool.members().live(preferred == liveNodes || pool.members().anyIn(preferred) ? preferred : liveNodes);
                if (live.size() == 0) {
                    return Decision.noLiveNode(i, pool.name());
                }
                return Decision.routed(pool.placement().place(live, head, clientAddress, load, here), i, pool.name());
            }
        }
        return Decision.noMatch();
    }

    @Override
    public String poolOf(RequestHead head) {
        for (int i = 0; i < matchers.length; i++) {
            if (matchers[i].matches(head)) return pools[i].name();
        }
        return null;
    }

    @Override
    public DtsConfig config() {
        return config;
    }

    @Override
    public long[] ruleHits() {
        long[] counts = new long[hits.length];
        for (int i = 0; i < hits.length; i++) {
            counts[i] = hits[i].sum();
        }
        return counts;
    }

    @Override
    public String toString() {
        return "Router{" + config.source() + " version " + config.version() + ", " + matchers.length + " rules}";
    }
}
