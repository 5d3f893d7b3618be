package dts.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Reads the {@code rules} list (first match wins); absent, it is one rule {@code { pool: all }}. */
final class RulesReader {
    static final Set<String> KEYS = Set.of("match", "pool");

    private RulesReader() {}

    static List<RuleConfig> read(YamlMap root, PoolsReader.Result pools, Problems problems) {
        if (!root.has("rules")) {
            return List.of(new RuleConfig(0, Match.any(), PoolConfig.ALL));
        }
        List<RuleConfig> rules = new ArrayList<>();
        for (YamlMap m : root.listOfMaps("rules")) {
            m.rejectUnknownKeys(KEYS);
            Match match = m.map("match").map(section -> MatchReader.read(section, problems))
                    .orElse(Match.any());
            if (!m.has("pool")) {
                problems.add(m.path("pool"), "missing (every rule needs a pool)");
                continue;
            }
            Scalars.text(m, problems, "pool").ifPresent(pool -> {
                if (!pools.declaredNames().contains(pool)) {
                    problems.add(m.path("pool"), pool + " (unknown pool; known: "
                            + String.join(", ", pools.declaredNames()) + ")");
                    return;
                }
                // A declared pool missing from pools() had errors of its own, already reported.
                rules.add(new RuleConfig(rules.size(), match, pool));
            });
        }
        return List.copyOf(rules);
    }
}
