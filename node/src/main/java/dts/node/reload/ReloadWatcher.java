package dts.node.reload;

import dts.config.ConfigException;
import dts.config.DtsConfig;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Polls the config files and applies a changed config once the same new text was read twice in a
 * row (a half-written file is never parsed). An invalid file is reported once and the old config
 * stays in force until the text changes again.
 */
public final class ReloadWatcher {
    private final ConfigFiles files;
    private final Function<DtsConfig, String> apply;
    private final Consumer<String> onError;
    private String appliedText;
    private String pendingText;
    private String lastUnreadable;
    private ScheduledFuture<?> task;

    /** {@code apply} returns null when the config was applied, or why it was refused. */
    public ReloadWatcher(ConfigFiles files, String currentText, Function<DtsConfig, String> apply,
                         Consumer<String> onError) {
        this.files = files;
        this.appliedText = currentText;
        this.apply = apply;
        this.onError = onError;
    }

    public void start(ScheduledExecutorService exec, long pollMillis) {
        task = exec.scheduleWithFixedDelay(this::poll, pollMillis, pollMillis, TimeUnit.MILLISECONDS);
    }

    public void stop() {
        if (task != null) task.cancel(false);
    }

    /** Marks {@code text} as the config in force (after an explicit reload). */
    public synchronized void applied(String text) {
        appliedText = text;
        pendingText = null;
    }

    synchronized void poll() {
        String text;
        try {
            text = files.read();
        } catch (ConfigException e) {
            if (!e.getMessage().equals(lastUnreadable)) onError.accept(e.getMessage());
            lastUnreadable = e.getMessage();
            return;
        }
        lastUnreadable = null;
        if (text.equals(appliedText)) {
            pendingText = null;
            return;
        }
        if (!text.equals(pendingText)) {
            pendingText = text;
            return;
        }
        appliedText = text; // reported once, whatever the outcome
        pendingText = null;
        try {
            String refused = apply.apply(files.parse(text));
            if (refused != null) onError.accept(refused);
        } catch (ConfigException e) {
            onError.accept(e.getMessage());
        }
    }
}
