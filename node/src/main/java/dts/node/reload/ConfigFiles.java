package dts.node.reload;

import dts.config.ConfigException;
import dts.config.DtsConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A node's config as one or more YAML files read as one document (e.g. the testbed's generated
 * {@code cluster}/{@code nodes} blocks plus the operator's pools and rules). Each top-level key may
 * appear in one file only.
 */
public record ConfigFiles(List<Path> files) {
    public ConfigFiles {
        if (files.isEmpty()) throw new IllegalArgumentException("--config: none given (expected: at least one file)");
        files = List.copyOf(files);
    }

    /** The merged text; a file that cannot be read is a {@link ConfigException} naming it. */
    public String read() {
        StringBuilder sb = new StringBuilder();
        for (Path f : files) {
            try {
                String t = Files.readString(f);
                sb.append(t).append(t.endsWith("\n") ? "" : "\n");
            } catch (IOException e) {
                throw new ConfigException(f.toString(), List.of("cannot read: " + e.getMessage()));
            }
        }
        return sb.toString();
    }

    public DtsConfig parse(String text) { return DtsConfig.parse(text, name()); }

    public DtsConfig load() { return parse(read()); }

    public String name() { return files.stream().map(Path::toString).collect(Collectors.joining(" + ")); }
}
