package dts.node.admin;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The dashboard's files come from the jar with their content types; the other admin requests still pass. */
class DashboardFilesTest {
    private final AdminServers servers = new AdminServers();
    private final HttpClient client = HttpClient.newHttpClient();

    @AfterEach void close() throws Exception {
        client.close();
        servers.close();
    }

    @Test void servesThePageItsScriptsAndItsStyleSheet() throws Exception {
        AdminServer s = servers.start(new ClusterNodes("a", Map.of()), TestDoubleNodeStatus.olderNode("a"));
        HttpResponse<String> page = send(s, "GET", "/");
        assertEquals(200, page.statusCode());
        assertEquals("text/html; charset=utf-8", page.headers().firstValue("content-type").orElse(""));
        assertTrue(page.body().contains("<script type=\"module\" src=\"dashboard.js\"></script>"), page.body());
        assertTrue(page.headers().firstValue("content-security-policy").orElse("").startsWith("default-src 'self'"));
        for (String js : List.of("/dashboard.js", "/fields.js", "/history.js", "/sparkline.js")) {
            HttpResponse<String> r = send(s, "GET", js);
            assertEquals(200, r.statusCode(), js);
            assertEquals("text/javascript; charset=utf-8", r.headers().firstValue("content-type").orElse(""), js);
        }
        assertEquals("text/css; charset=utf-8", send(s, "GET", "/dashboard.css?v=1").headers().firstValue("content-type").orElse(""));
        HttpResponse<String> head = send(s, "HEAD", "/");
        assertEquals(200, head.statusCode());
        assertEquals(page.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length,
                Integer.parseInt(head.headers().firstValue("content-length").orElse("-1")));
    }

    @Test void everythingElseIsLeftToTheOtherHandlers() throws Exception {
        AdminServer s = servers.start(new ClusterNodes("a", Map.of()), TestDoubleNodeStatus.olderNode("a"));
        assertEquals(404, send(s, "GET", "/index.html").statusCode());
        assertEquals(404, send(s, "GET", "/../pom.xml").statusCode());
        assertEquals(401, send(s, "POST", "/").statusCode(), "a write needs the cluster key, on any path");
        assertEquals(401, send(s, "POST", "/cluster").statusCode());
        HttpResponse<String> status = send(s, "GET", "/status");
        assertEquals(200, status.statusCode());
        assertTrue(status.body().contains("\"config_version\" : \"v1\""), status.body());
    }

    private HttpResponse<String> send(AdminServer s, String method, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.address().getPort() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }
}
