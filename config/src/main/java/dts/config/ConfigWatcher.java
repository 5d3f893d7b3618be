package dts.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Watches a config file and hands each new version to a {@link Listener}: a valid file to
 * {@link Listener#onConfig}, an invalid one to {@link Listener#onError} (the caller keeps its old
 * config). Content that differs only in line ends or trailing blanks is not a new version.
 *
 * <p>Polls with Commons Configuration's {@code PeriodicReloadingTrigger} and a detector that
 * compares the file's normalized content digest ({@link DtsConfig#version()}), not its mtime; a
 * change is taken once two polls in a row read the same new content (no half-written files).
 * Listener calls come one at a time on the watcher's own daemon thread.
 */
public interface ConfigWatcher extends AutoCloseable {
    /** The default poll period: a change is delivered 1 to 2 periods after the write ends. */
    Duration DEFAULT_REFRESH_DELAY = Duration.ofMillis(250);

    /** What a watcher delivers. */
    interface Listener {
        /** A valid new version of the file. */
        void onConfig(DtsConfig config);

        /** A new version of the file that is invalid or unreadable; it is reported once. */
        void onError(ConfigException error);
    }

    /** Watches {@code file}, whose version {@code current} is in force, every 250 ms. */
    static ConfigWatcher watch(Path file, DtsConfig current, Listener listener) {
        return watch(file, current, DEFAULT_REFRESH_DELAY, listener);
    }

    /** Watches {@code file}, whose version {@code current} is in force, every {@code refreshDelay}. */
    static ConfigWatcher watch(Path file, DtsConfig current, Duration refreshDelay, Listener listener) {
        return DefaultConfigWatcher.start(file, current.version(), refreshDelay, listener);
    }

    /** Stops watching; no listener call starts after this returns. */
    @Override
    void close();
}
