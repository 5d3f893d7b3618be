package dts.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.apache.commons.configuration2.tree.ImmutableNode;

/**
 * A map node of the tree that Commons Configuration's {@code YAMLConfiguration} builds, seen at a
 * key path. In that tree a YAML map becomes a node with one child per key, and a YAML list becomes
 * several sibling children of the same name (an empty list vanishes, a one-element list looks like
 * a scalar). Reads report type mismatches to {@link Problems} and come back empty.
 */
final class YamlMap {
    private final String path;
    private final ImmutableNode node;
    private final Problems problems;

    private YamlMap(String path, ImmutableNode node, Problems problems) {
        this.path = path;
        this.node = node;
        this.problems = problems;
    }

    static YamlMap root(ImmutableNode root, Problems problems) {
        return new YamlMap("", root, problems);
    }

    String path() {
        return path;
    }

    /** The full key path of {@code key} below this map. */
    String path(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** The distinct keys of this map, in file order. */
    List<String> keys() {
        Set<String> keys = new LinkedHashSet<>();
        for (ImmutableNode child : node.getChildren()) {
            keys.add(child.getNodeName());
        }
        return List.copyOf(keys);
    }

    boolean has(String key) {
        return !children(key).isEmpty();
    }

    /** Reports each key of this map that is not in {@code known} as {@code path.key: unknown key}. */
    void rejectUnknownKeys(Set<String> known) {
        for (String key : keys()) {
            if (!known.contains(key)) {
                problems.add(path(key), "unknown key");
            }
        }
    }

    /** The scalar value of {@code key}; empty when absent or null, or (reported) when not a scalar. */
    Optional<Object> scalar(String key) {
        return single(key).flatMap(child -> {
            if (!child.getChildren().isEmpty()) {
                problems.add(path(key), "a map (expected: a single value)");
                return Optional.empty();
            }
            return Optional.ofNullable(child.getValue());
        });
    }

    /** The map under {@code key}; empty when absent, or (reported) when not a map. */
    Optional<YamlMap> map(String key) {
        return single(key).flatMap(child -> asMap(path(key), child));
    }

    /** The maps of a list under {@code key}, each at {@code key[i]}; a non-map element is reported. */
    List<YamlMap> listOfMaps(String key) {
        List<ImmutableNode> children = children(key);
        List<YamlMap> maps = new ArrayList<>(children.size());
        for (int i = 0; i < children.size(); i++) {
            asMap(path(key) + "[" + i + "]", children.get(i)).ifPresent(maps::add);
        }
        return maps;
    }

    /** The scalars of a list under {@code key}; a non-scalar element is reported, a null skipped. */
    List<Object> listOfScalars(String key) {
        List<ImmutableNode> children = children(key);
        List<Object> values = new ArrayList<>(children.size());
        for (int i = 0; i < children.size(); i++) {
            ImmutableNode child = children.get(i);
            if (!child.getChildren().isEmpty()) {
                problems.add(path(key) + "[" + i + "]", "a map (expected: a single value)");
            } else if (child.getValue() != null) {
                values.add(child.getValue());
            }
        }
        return values;
    }

    private Optional<ImmutableNode> single(String key) {
        List<ImmutableNode> children = children(key);
        if (children.size() > 1) {
            problems.add(path(key), "a list of " + children.size() + " (expected: a single value or map)");
            return Optional.empty();
        }
        return children.stream().findFirst();
    }

    private Optional<YamlMap> asMap(String at, ImmutableNode child) {
        if (child.getChildren().isEmpty() && child.getValue() != null) {
            problems.expected(at, child.getValue(), "a map");
            return Optional.empty();
        }
        return Optional.of(new YamlMap(at, child, problems));
    }

    private List<ImmutableNode> children(String key) {
        List<ImmutableNode> matching = new ArrayList<>(2);
        for (ImmutableNode child : node.getChildren()) {
            if (child.getNodeName().equals(key)) {
                matching.add(child);
            }
        }
        return matching;
    }
}
