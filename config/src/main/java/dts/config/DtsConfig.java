package dts.config;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One validated, immutable DTS config file: cluster settings, nodes, pools (with {@code all}) and
 * rules (first match wins). Build one with {@link #load(Path)} or {@link #parse(String, String)}.
 */
public final class DtsConfig {
    private final String source;
    private final String version;
    private final ClusterConfig cluster;
    private final List<NodeConfig> nodes;
    private final Map<String, NodeConfig> nodesById;
    private final Map<String, PoolConfig> pools;
    private final List<RuleConfig> rules;
    private final boolean rulesGiven;

    DtsConfig(String source, String version, ClusterConfig cluster, List<NodeConfig> nodes,
              Map<String, PoolConfig> pools, List<RuleConfig> rules, boolean rulesGiven) {
        this.source = requireNonNull(source, "source");
        this.version = requireNonNull(version, "version");
        this.cluster = requireNonNull(cluster, "cluster");
        this.nodes = List.copyOf(nodes);
        this.nodesById = this.nodes.stream().collect(Collectors.toUnmodifiableMap(NodeConfig::id, Function.identity()));
        this.pools = requireNonNull(pools, "pools"); // ordered and unmodifiable (ConfigReader)
        this.rules = List.copyOf(rules);
        this.rulesGiven = rulesGiven;
    }

    /**
     * Reads and validates the UTF-8 YAML file {@code file}.
     *
     * @throws ConfigException naming every problem ({@code key.path: reason}, one per line)
     */
    public static DtsConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (MalformedInputException e) {
            throw new ConfigException(file.toString(), List.of("(file): not UTF-8 text"));
        } catch (IOException e) {
            throw new ConfigException(file.toString(), List.of("(file): cannot read " + file + " (" + e + ")"));
        }
        return parse(text, file.toString());
    }

    /**
     * Parses and validates YAML text; {@code sourceName} names it in {@link #source()}.
     *
     * @throws ConfigException naming every problem ({@code key.path: reason}, one per line)
     */
    public static DtsConfig parse(String yamlText, String sourceName) {
        return ConfigReader.parse(yamlText, sourceName);
    }

    /** Where this config was read from, usually the file path. */
    public String source() {
        return source;
    }

    /** The first 12 hex digits of the SHA-256 of the normalized source text. */
    public String version() {
        return version;
    }

    public ClusterConfig cluster() {
        return cluster;
    }

    /** Every node, in file order. */
    public List<NodeConfig> nodes() {
        return nodes;
    }

    public Optional<NodeConfig> node(String id) {
        return Optional.ofNullable(nodesById.get(id));
    }

    /** Every pool by name, in file order, with {@value PoolConfig#ALL} (last unless defined). */
    public Map<String, PoolConfig> pools() {
        return pools;
    }

    public Optional<PoolConfig> pool(String name) {
        return Optional.ofNullable(pools.get(name));
    }

    /**
     * The rules in order, each {@link RuleConfig#index()} its position; without a {@code rules}
     * section this is one rule sending everything to {@value PoolConfig#ALL}. A request that
     * matches no rule has no pool (the caller answers 503).
     */
    public List<RuleConfig> rules() {
        return rules;
    }

    /** A human-readable listing of the effective settings, nodes, pools and rules, in order. */
    public String describe() {
        return Describer.describe(this, rulesGiven);
    }

    @Override
    public String toString() {
        return "DtsConfig{" + source + ", version " + version + ", " + nodes.size() + " nodes, "
                + pools.size() + " pools, " + rules.size() + " rules}";
    }
}
