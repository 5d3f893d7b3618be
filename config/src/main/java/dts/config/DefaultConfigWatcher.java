package dts.config;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.configuration2.reloading.PeriodicReloadingTrigger;
import org.apache.commons.configuration2.reloading.ReloadingController;
import org.apache.commons.configuration2.reloading.ReloadingEvent;

/**
 * {@link ConfigWatcher} on Commons Configuration's reloading support: a
 * {@link PeriodicReloadingTrigger} polls a {@link ReloadingController} whose detector is a
 * {@link ContentDigestDetector}; on its reloading event the new text is parsed and delivered.
 */
final class DefaultConfigWatcher implements ConfigWatcher {
    private final Path file;
    private final ContentDigestDetector detector;
    private final ReloadingController controller;
    private final PeriodicReloadingTrigger trigger;
    private final Listener listener;
    private final ScheduledExecutorService executor;
    private volatile Thread thread;
    private volatile boolean closed;

    private DefaultConfigWatcher(Path file, String appliedVersion, Duration refreshDelay, Listener listener) {
        if (refreshDelay.isNegative() || refreshDelay.isZero()) {
            throw new IllegalArgumentException("refreshDelay: " + refreshDelay + " (expected: > 0)");
        }
        this.file = file;
        this.listener = listener;
        this.detector = new ContentDigestDetector(file, appliedVersion);
        this.controller = new ReloadingController(detector);
        controller.addEventListener(ReloadingEvent.ANY, event -> reload());
        this.executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread t = new Thread(task, "dts-config-watcher " + file.getFileName());
            t.setDaemon(true);
            thread = t;
            return t;
        });
        this.trigger = new PeriodicReloadingTrigger(controller, null, refreshDelay.toMillis(),
                TimeUnit.MILLISECONDS, executor);
    }

    static ConfigWatcher start(Path file, String appliedVersion, Duration refreshDelay, Listener listener) {
        DefaultConfigWatcher watcher = new DefaultConfigWatcher(file, appliedVersion, refreshDelay, listener);
        watcher.trigger.start();
        return watcher;
    }

    /** Runs on the trigger's thread, inside the controller's reloading state. */
    private void reload() {
        try {
            if (closed) {
                return;
            }
            String text = detector.lastText();
            if (text == null) {
                IOException e = detector.lastError();
                listener.onError(new ConfigException(file.toString(),
                        List.of("(file): cannot read " + file + " (" + e + ")")));
                return;
            }
            DtsConfig config;
            try {
                config = DtsConfig.parse(text, file.toString());
            } catch (ConfigException e) {
                listener.onError(e);
                return;
            }
            listener.onConfig(config);
        } catch (RuntimeException e) {
            // A listener's failure must not stop the watcher; the version counts as seen.
            Thread.currentThread().getUncaughtExceptionHandler().uncaughtException(Thread.currentThread(), e);
        } finally {
            controller.resetReloadingState();
        }
    }

    @Override
    public void close() {
        closed = true;
        trigger.shutdown(true); // shuts the executor down too
        if (Thread.currentThread() != thread) {
            // Wait out a reload in progress, so that no listener call runs after close().
            try {
                executor.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
