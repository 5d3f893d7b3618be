package dts.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.commons.configuration2.reloading.ReloadingDetector;

/**
 * Commons Configuration {@link ReloadingDetector} that wants a reload when the file's normalized
 * content digest differs from the applied one and the same new content was read on the previous
 * poll too. Unlike the default mtime detector it ignores {@code touch}, sees two edits within one
 * mtime tick, and follows a file replaced by rename or through a swapped symlink.
 */
final class ContentDigestDetector implements ReloadingDetector {
    private final Path file;
    private String applied;
    private String lastSeen;
    private String lastText;
    private IOException lastError;

    ContentDigestDetector(Path file, String appliedVersion) {
        this.file = file;
        this.applied = appliedVersion;
        this.lastSeen = appliedVersion;
    }

    @Override
    public synchronized boolean isReloadingRequired() {
        String seen;
        try {
            lastText = Files.readString(file, StandardCharsets.UTF_8);
            lastError = null;
            seen = ConfigReader.version(lastText);
        } catch (IOException e) {
            lastText = null;
            lastError = e;
            seen = "unreadable: " + e;
        }
        boolean stable = seen.equals(lastSeen);
        lastSeen = seen;
        return stable && !seen.equals(applied);
    }

    @Override
    public synchronized void reloadingPerformed() {
        applied = lastSeen;
    }

    /** The text read by the last poll, or null when it could not be read ({@link #lastError()}). */
    synchronized String lastText() {
        return lastText;
    }

    synchronized IOException lastError() {
        return lastError;
    }
}
