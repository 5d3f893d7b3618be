package dts.harness.workload;

/**
 * One step of a session: think for {@code thinkMillis}, then request {@code path} of {@code type},
 * whose body must be exactly {@code bytes} long.
 */
public record Step(long thinkMillis, PageType type, String path, long bytes) {
    public boolean isDownload() {
        return type.isDownload();
    }
}
