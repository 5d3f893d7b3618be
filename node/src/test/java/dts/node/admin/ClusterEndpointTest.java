package dts.node.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code GET /cluster}: its own status, every peer's {@code /status}, and an error for each peer that does not answer. */
class ClusterEndpointTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final AdminServers servers = new AdminServers();

    @AfterEach void close() throws Exception { servers.close(); }

    @Test void gathersEveryNodeInConfigOrderAndMarksTheOnesThatDoNotAnswer() throws Exception {
        List<String> members = List.of("a", "b", "c");
        var a = new TestDoubleNodeStatus("a", 1366, 7, members, Map.of("b", "up", "c", "up", "d", "down", "e", "down"), 0);
        var b = new TestDoubleNodeStatus("b", 1365, 8, members, Map.of("a", "up"), 0);
        var c = new TestDoubleNodeStatus("c", 1365, 9, members, Map.of("a", "up"), 0);
        Map<String, InetSocketAddress> admins = new LinkedHashMap<>();
        admins.put("d", AdminServers.nobody());
        admins.put("b", servers.peer("b", b));
        admins.put("a", AdminServers.nobody()); // this node: read directly, never dialled
        admins.put("c", servers.peer("c", c));
        admins.put("e", servers.silent());
        AdminServer self = servers.start(new ClusterNodes("a", admins), a);

        long started = System.nanoTime();
        JsonNode cluster = get(self, "/cluster");
        long tookMillis = (System.nanoTime() - started) / 1_000_000;

        assertEquals("a", cluster.path("self").asText());
        long now = System.currentTimeMillis();
        assertTrue(Math.abs(now - cluster.path("time_ms").asLong()) < 5_000, "time_ms: " + cluster);
        for (String id : List.of("a", "b", "c", "d", "e")) {
            long read = cluster.path("read_ms").path(id).asLong();
            assertTrue(read <= cluster.path("time_ms").asLong() && now - read < 5_000, id + " read_ms: " + cluster.path("read_ms"));
        }
        JsonNode nodes = cluster.path("nodes");
        assertEquals(List.of("d", "b", "a", "c", "e"), names(nodes), "config order");
        assertEquals(asRead(a.get()), nodes.path("a"), "its own status, as /status gives it");
        assertEquals(asRead(b.get()), nodes.path("b"), "b's /status");
        assertEquals(1365, nodes.path("c").path("owned_buckets").asInt());
        assertEquals(9, nodes.path("c").path("active_connections").asInt());
        assertEquals(List.of("error"), names(nodes.path("d")), "d: nothing listens: " + nodes.path("d"));
        assertTrue(nodes.path("d").path("error").asText().startsWith("connect: "), nodes.path("d").toString());
        assertEquals("no answer within " + ClusterHandler.PEER_DEADLINE_MILLIS + " ms", nodes.path("e").path("error").asText());
        assertTrue(tookMillis >= ClusterHandler.PEER_DEADLINE_MILLIS && tookMillis < ClusterHandler.PEER_DEADLINE_MILLIS + 1500,
                "one deadline for all peers at once, took " + tookMillis + " ms");
    }

    @Test void aNodeWithoutPeersAnswersWithItsOwnStatus() throws Exception {
        var a = new TestDoubleNodeStatus("a", 4096, 1, List.of("a"), Map.of(), 0);
        AdminServer self = servers.start(new ClusterNodes("a", Map.of()), a);
        JsonNode cluster = get(self, "/cluster");
        assertEquals(List.of("a"), names(cluster.path("nodes")));
        assertEquals(4096, cluster.path("nodes").path("a").path("owned_buckets").asInt());
    }

    @Test void aPeerThatAnswersNoStatusIsAnErrorAndAnOlderNodesStatusPassesAsItIs() throws Exception {
        Map<String, InetSocketAddress> admins = new LinkedHashMap<>();
        admins.put("a", AdminServers.nobody());
        admins.put("old", servers.peer("old", TestDoubleNodeStatus.olderNode("old")));
        admins.put("html", servers.answering("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 5\r\n\r\nhello"));
        admins.put("array", servers.answering("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 3\r\n\r\n[1]"));
        admins.put("404", servers.answering("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"));
        admins.put("closes", servers.answering(""));
        AdminServer self = servers.start(new ClusterNodes("a", admins), TestDoubleNodeStatus.olderNode("a"));
        JsonNode nodes = get(self, "/cluster").path("nodes");
        assertEquals(asRead(TestDoubleNodeStatus.olderNode("old").get()), nodes.path("old"));
        assertTrue(nodes.path("html").path("error").asText().startsWith("GET /status answered no JSON object"), nodes.toString());
        assertTrue(nodes.path("array").path("error").asText().startsWith("GET /status answered no JSON object"), nodes.toString());
        assertEquals("GET /status answered 404 Not Found", nodes.path("404").path("error").asText());
        assertEquals("closed without an answer", nodes.path("closes").path("error").asText());
    }

    private static JsonNode get(AdminServer server, String path) throws Exception {
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.address().getPort() + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            assertEquals("application/json", r.headers().firstValue("content-type").orElse(""));
            return JSON.readTree(r.body());
        }
    }

    /** The map as a reader of its JSON text sees it (numbers as small as they fit). */
    private static JsonNode asRead(Map<String, Object> status) throws Exception {
        return JSON.readTree(JSON.writeValueAsString(status));
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new java.util.ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
