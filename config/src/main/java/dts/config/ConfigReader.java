package dts.config;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import org.apache.commons.configuration2.YAMLConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.commons.configuration2.tree.ImmutableNode;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * YAML text → validated {@link DtsConfig}.
 *
 * <p>Loading: Commons Configuration 2's {@link YAMLConfiguration} reads the text (snakeyaml
 * underneath) into its hierarchical node model. We then walk that {@link ImmutableNode} tree
 * ({@link YamlMap}) instead of querying keys through the default expression engine, because the
 * engine would treat dots in map keys (pool names) as separators, would interpolate {@code ${...}}
 * in regexes, and reaches list elements ({@code nodes}, {@code rules}) only by index expressions;
 * the walk also sees every key, so unknown keys are reported with their full path.
 */
final class ConfigReader {
    static final Set<String> TOP_KEYS = Set.of("cluster", "nodes", "pools", "rules");

    private ConfigReader() {}

    static DtsConfig parse(String text, String source) {
        ImmutableNode root = tree(text, source);
        Problems problems = new Problems();
        YamlMap top = YamlMap.root(root, problems);
        top.rejectUnknownKeys(TOP_KEYS);
        ClusterConfig cluster = ClusterReader.read(top.map("cluster"), problems);
        NodesReader.Result nodes = NodesReader.read(top, cluster.vip(), problems);
        for (int i = 0; i < cluster.inspectors().size(); i++) {
            String id = cluster.inspectors().get(i);
            if (!nodes.declaredIds().contains(id)) {
                problems.add("cluster.inspectors[" + i + "]", id + ": unknown node (expected: one of " + nodes.declaredIds() + ")");
            }
        }
        PoolsReader.Result pools = PoolsReader.read(top.map("pools"), nodes, problems);
        List<RuleConfig> rules = RulesReader.read(top, pools, problems);
        problems.throwIfAny(source);
        return new DtsConfig(source, version(text), cluster, nodes.nodes(), pools.pools(), rules,
                top.has("rules"));
    }

    private static ImmutableNode tree(String text, String source) {
        YAMLConfiguration yaml = new YAMLConfiguration();
        try {
            yaml.read(new StringReader(text));
        } catch (ConfigurationException | RuntimeException e) {
            throw new ConfigException(source, List.of("(file): " + yamlError(e)));
        }
        ImmutableNode root = yaml.getNodeModel().getNodeHandler().getRootNode();
        if (root.getValue() != null) {
            throw new ConfigException(source, List.of("(file): " + root.getValue() + " (expected: a map)"));
        }
        return root;
    }

    private static String yamlError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
                return "not valid YAML: " + marked.getProblem() + " at line "
                        + (marked.getProblemMark().getLine() + 1) + ", column "
                        + (marked.getProblemMark().getColumn() + 1);
            }
        }
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        if (root instanceof ClassCastException cce) {
            String m = String.valueOf(cce.getMessage());
            if (m.contains("java.lang.Boolean") || m.contains("java.lang.Integer") || m.contains("java.lang.Long")
                    || m.contains("java.lang.Double")) {
                return "a key is not text (YAML reads off, on, yes, no, true, false and numbers as values: quote such a key, e.g. \"off\":)";
            }
            return "not a map of sections (expected: cluster, nodes, pools, rules)";
        }
        return "not valid YAML: " + root.getMessage();
    }

    /**
     * The first 12 hex digits of the SHA-256 of the text with line ends made {@code \n}, trailing
     * blanks of each line and trailing empty lines removed: a re-save by another editor keeps it.
     */
    static String version(String text) {
        String[] lines = text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
        StringBuilder normalized = new StringBuilder(text.length());
        for (String line : lines) {
            normalized.append(line.stripTrailing()).append('\n');
        }
        String body = normalized.toString().replaceAll("\n+$", "\n");
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("SHA-256 is in every JDK", e);
        }
    }
}
