package dts.config;

import java.util.List;

/**
 * The one exception of this module: a config file that cannot be read or is not valid.
 * {@link #getMessage()} holds every problem found, one per line, each as {@code key.path: reason}
 * (for example {@code pools.web.load-factor: 0.5 (expected: >= 1.0)}).
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final List<String> errors;

    public ConfigException(String source, List<String> errors) {
        super(String.join("\n", errors));
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("errors: empty (expected: at least one)");
        }
        this.source = source;
        this.errors = List.copyOf(errors);
    }

    /** The name of the config source, usually its file path. */
    public String source() {
        return source;
    }

    /** Every problem, in file order, each {@code key.path: reason}. */
    public List<String> errors() {
        return errors;
    }
}
