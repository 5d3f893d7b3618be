package dts.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads the {@code pools} map and adds the implicit pool {@value PoolConfig#ALL} unless defined. */
final class PoolsReader {
    static final Set<String> KEYS = Set.of("nodes", "policy", "load-factor", "load-low", "load-high", "replicate-max-bytes",
            "replicate-into-free-memory");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    /** The valid pools by name in file order, {@code all} included, and every name declared. */
    record Result(Map<String, PoolConfig> pools, Set<String> declaredNames) {}

    private PoolsReader() {}

    static Result read(Optional<YamlMap> section, NodesReader.Result nodes,
                                        Problems problems) {
        Map<String, PoolConfig> pools = new LinkedHashMap<>();
        Set<String> declared = new LinkedHashSet<>();
        List<String> allIds = nodes.nodes().stream().map(NodeConfig::id).toList();
        section.ifPresent(s -> {
            for (String name : s.keys()) {
                declared.add(name);
                if (!NAME.matcher(name).matches()) {
                    problems.expected(s.path(name), "invalid pool name",
                            "letters, digits, '.', '-' or '_', at most 64");
                    continue;
                }
                s.map(name).flatMap(m -> pool(name, m, allIds, nodes.declaredIds(), problems))
                        .ifPresent(pool -> pools.put(name, pool));
            }
        });
        pools.putIfAbsent(PoolConfig.ALL,
                PoolConfig.locality(PoolConfig.ALL, allIds));
        declared.add(PoolConfig.ALL);
        return new Result(Collections.unmodifiableMap(pools), Collections.unmodifiableSet(declared));
    }

    private static Optional<PoolConfig> pool(String name, YamlMap m, List<String> allIds,
                                             Set<String> declared, Problems problems) {
        int before = problems.size();
        m.rejectUnknownKeys(KEYS);
        List<String> members = name.equals(PoolConfig.ALL) ? allIds : members(m, declared, problems);
        if (name.equals(PoolConfig.ALL) && m.has("nodes")) {
            problems.add(m.path("nodes"), "not allowed (pool all is every node; name another pool)");
        }
        Policy policy = Scalars.text(m, problems, "policy").flatMap(text -> {
            Optional<Policy> p = Policy.fromConfigName(text);
            if (p.isEmpty()) {
                problems.expected(m.path("policy"), text, "one of " + Policy.allConfigNames());
            }
            return p;
        }).orElse(Policy.LOCALITY);
        double loadFactor = loadFactor(m, policy, problems);
        int low = threshold(m, policy, problems, "load-low", PoolConfig.DEFAULT_LOAD_LOW);
        int high = threshold(m, policy, problems, "load-high", PoolConfig.DEFAULT_LOAD_HIGH);
        if (policy == Policy.LOCALITY && problems.size() == before && high <= low) {
            problems.add(m.path("load-high"), high + " (expected: > load-low " + low + ")");
        }
        long replicate = replicateMaxBytes(m, policy, problems);
        boolean intoFree = replicateIntoFreeMemory(m, policy, problems);
        if (problems.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new PoolConfig(name, members, policy, loadFactor, low, high, replicate, intoFree));
    }

    private static List<String> members(YamlMap m, Set<String> declared, Problems problems) {
        List<Object> raw = m.listOfScalars("nodes");
        if (raw.isEmpty()) {
            problems.add(m.path("nodes"), "empty pool (expected: at least one node id)");
            return List.of();
        }
        Set<String> members = new LinkedHashSet<>();
        for (int i = 0; i < raw.size(); i++) {
            String id = raw.get(i).toString();
            String path = m.path("nodes") + "[" + i + "]";
            if (!declared.contains(id)) {
                problems.add(path, id + " (unknown node; known: " + String.join(", ", declared) + ")");
            } else if (!members.add(id)) {
                problems.add(path, id + " (listed twice)");
            }
        }
        return new ArrayList<>(members);
    }

    /** {@code replicate-max-bytes}: -1 (off) or a byte count, for policy locality only. */
    private static long replicateMaxBytes(YamlMap m, Policy policy, Problems problems) {
        java.util.OptionalLong given = Scalars.integer(m, problems, "replicate-max-bytes", PoolConfig.REPLICATE_OFF, 1L << 30);
        if (policy != Policy.LOCALITY) {
            if (given.isPresent()) {
                problems.add(m.path("replicate-max-bytes"), given.getAsLong() + " (only for policy locality)");
            }
            return PoolConfig.REPLICATE_OFF;
        }
        return given.orElse(PoolConfig.DEFAULT_REPLICATE_MAX_BYTES);
    }

    /** {@code replicate-into-free-memory}: true or false, for policy locality only. */
    private static boolean replicateIntoFreeMemory(YamlMap m, Policy policy, Problems problems) {
        Optional<Boolean> given = Scalars.bool(m, problems, "replicate-into-free-memory");
        if (policy != Policy.LOCALITY) {
            if (given.isPresent()) {
                problems.add(m.path("replicate-into-free-memory"), given.get() + " (only for policy locality)");
            }
            return false;
        }
        return given.orElse(true);
    }

    /** {@code load-low} / {@code load-high}: whole numbers of requests in flight, for policy locality only. */
    private static int threshold(YamlMap m, Policy policy, Problems problems, String key, int dflt) {
        java.util.OptionalLong given = Scalars.integer(m, problems, key, 0, 1_000_000);
        if (policy != Policy.LOCALITY) {
            if (given.isPresent()) {
                problems.add(m.path(key), given.getAsLong() + " (only for policy locality)");
            }
            return 0;
        }
        return (int) given.orElse(dflt);
    }

    private static double loadFactor(YamlMap m, Policy policy, Problems problems) {
        OptionalDouble given = Scalars.decimal(m, problems, "load-factor");
        if (policy != Policy.BOUNDED_HASH) {
            if (given.isPresent()) {
                problems.add(m.path("load-factor"), given.getAsDouble() + " (only for policy bounded-hash)");
            }
            return 0.0;
        }
        double lf = given.orElse(PoolConfig.DEFAULT_LOAD_FACTOR);
        if (!(lf >= 1.0) || Double.isInfinite(lf)) {
            problems.expected(m.path("load-factor"), lf, ">= 1.0");
            return PoolConfig.DEFAULT_LOAD_FACTOR;
        }
        return lf;
    }
}
