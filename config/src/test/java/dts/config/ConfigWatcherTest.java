package dts.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigWatcherTest {
    private static final String V1 = """
            nodes: [ { id: a, address: 10.0.0.1 }, { id: b, address: 10.0.0.2 } ]
            rules: [ { pool: all } ]
            """;
    private static final String V2 = V1.replace("{ pool: all }", "{ match: { path-prefix: /x/ }, pool: all }");

    @TempDir
    Path dir;
    private Path file;
    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    private ConfigWatcher watcher;

    @BeforeEach
    void start() throws Exception {
        file = dir.resolve("dts.yaml");
        Files.writeString(file, V1);
        watcher = ConfigWatcher.watch(file, DtsConfig.load(file), new ConfigWatcher.Listener() {
            @Override
            public void onConfig(DtsConfig config) {
                events.add(config);
            }

            @Override
            public void onError(ConfigException error) {
                events.add(error);
            }
        });
    }

    @AfterEach
    void stop() {
        watcher.close();
    }

    @Test
    void validEditIsDeliveredWithinTwoSeconds() throws Exception {
        long start = System.nanoTime();
        Files.writeString(file, V2);
        Object event = events.poll(2, TimeUnit.SECONDS);
        assertNotNull(event, "no event within 2 s");
        DtsConfig config = assertInstanceOf(DtsConfig.class, event);
        assertEquals(DtsConfig.parse(V2, "x").version(), config.version());
        assertEquals("/x/", config.rules().get(0).match().pathPrefix().orElseThrow());
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(2));
        assertNull(events.poll(700, TimeUnit.MILLISECONDS), "delivered twice");
    }

    @Test
    void invalidEditCallsOnErrorOnceAndNothingElse() throws Exception {
        Files.writeString(file, V1.replace("pool: all", "pool: nowhere"));
        Object event = events.poll(2, TimeUnit.SECONDS);
        ConfigException error = assertInstanceOf(ConfigException.class, event);
        assertTrue(error.getMessage().contains("rules[0].pool: nowhere (unknown pool"), error.getMessage());
        assertEquals(file.toString(), error.source());
        assertNull(events.poll(1, TimeUnit.SECONDS), "more than one call for one invalid edit");
    }

    @Test
    void fixingAnInvalidFileDeliversTheFixedConfig() throws Exception {
        Files.writeString(file, "nodes: [");
        assertInstanceOf(ConfigException.class, events.poll(2, TimeUnit.SECONDS));
        Files.writeString(file, V2);
        assertInstanceOf(DtsConfig.class, events.poll(2, TimeUnit.SECONDS));
    }

    @Test
    void whitespaceOnlyRewriteIsNotAChange() throws Exception {
        Files.writeString(file, V1.replace("\n", "   \r\n") + "\n\n");
        assertNull(events.poll(1, TimeUnit.SECONDS));
    }

    @Test
    void replacementByRenameIsSeen() throws Exception {
        Path tmp = dir.resolve("dts.yaml.tmp");
        Files.writeString(tmp, V2);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        assertInstanceOf(DtsConfig.class, events.poll(2, TimeUnit.SECONDS));
    }

    @Test
    void deletedFileIsReportedOnceAsAnError() throws Exception {
        Files.delete(file);
        ConfigException error = assertInstanceOf(ConfigException.class, events.poll(2, TimeUnit.SECONDS));
        assertTrue(error.getMessage().startsWith("(file): cannot read"), error.getMessage());
        assertNull(events.poll(1, TimeUnit.SECONDS));
    }

    @Test
    void nothingIsDeliveredAfterClose() throws Exception {
        watcher.close();
        Files.writeString(file, V2);
        assertNull(events.poll(1, TimeUnit.SECONDS));
    }
}
