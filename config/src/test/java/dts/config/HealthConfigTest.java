package dts.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code cluster.health-*} keys: defaults, values, units and the message for each bad value. */
class HealthConfigTest {
    private static final String NODES = "nodes: [ { id: node1, address: 198.18.1.1, backend: \"http://127.0.0.1:8080\" } ]\n";

    private static HealthCheck health(String clusterKeys) {
        return DtsConfig.parse("cluster: { " + clusterKeys + " }\n" + NODES, "h.yaml").cluster().health();
    }

    @Test
    void defaultsAreHaproxyLike() {
        assertEquals(new HealthCheck(1000, 500, 2, 3, "/"), DtsConfig.parse(NODES, "d.yaml").cluster().health());
        assertEquals(new HealthCheck(1000, 500, 2, 3, "/"), health("port: 80"));
        assertEquals(3000, HealthCheck.defaults().downDetectionMillis());
    }

    @Test
    void everyKeyIsRead() {
        assertEquals(new HealthCheck(2000, 250, 5, 1, "/healthz?full=1"), health(
                "health-interval-millis: 2000, health-timeout-millis: 250, health-rise: 5, health-fall: 1, health-path: \"/healthz?full=1\""));
    }

    @Test
    void aShortIntervalShortensTheDefaultTimeout() {
        assertEquals(new HealthCheck(100, 100, 2, 3, "/"), health("health-interval-millis: 100"));
    }

    @Test
    void describeShowsTheCheckAndTheTimeUntilTrafficMoves() {
        String text = DtsConfig.parse("cluster: { health-interval-millis: 200, health-fall: 4 }\n" + NODES, "d.yaml").describe();
        assertTrue(text.contains("  health-interval-millis: 200\n  health-timeout-millis: 200\n  health-rise: 2\n"
                + "  health-fall: 4\n  health-path: /\n"), text);
        assertTrue(text.contains("leaves placement within 800 ms"), text);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "health-rise: 0                     | cluster.health-rise: 0 (expected: 1..100)",
        "health-rise: 101                   | cluster.health-rise: 101 (expected: 1..100)",
        "health-fall: 0                     | cluster.health-fall: 0 (expected: 1..100)",
        "health-fall: often                 | cluster.health-fall: often (expected: an integer)",
        "health-interval-millis: 5          | cluster.health-interval-millis: 5 (expected: 10..3600000)",
        "health-timeout-millis: 0           | cluster.health-timeout-millis: 0 (expected: 1..3600000)",
        "health-timeout-millis: 1500        | cluster.health-timeout-millis: 1500 (expected: <= health-interval-millis 1000)",
        "health-path: health                | cluster.health-path: health (expected: a path starting with / of at most 1024 visible ASCII characters, e.g. /health)",
        "health-path: \"/a b\"              | cluster.health-path: /a b (expected: a path starting with / of at most 1024 visible ASCII characters, e.g. /health)",
        "health-pth: /                      | cluster.health-pth: unknown key",
    })
    void badValuesAreNamedWithTheirKey(String keys, String message) {
        ConfigException e = assertThrows(ConfigException.class, () -> health(keys));
        assertEquals(List.of(message), e.errors());
    }

    @Test
    void theRecordRefusesATimeoutLongerThanTheInterval() {
        assertThrows(IllegalArgumentException.class, () -> new HealthCheck(100, 200, 2, 3, "/"));
        assertThrows(IllegalArgumentException.class, () -> new HealthCheck(100, 100, 0, 3, "/"));
    }
}
