package dts.node.admin;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboard in headless Chromium ({@code chromium} on PATH), served by an admin server on 127.0.0.1
 * whose status double and peers' doubles count up: after a few (virtual) seconds of polling the page
 * shows every node with the doubles' figures, rates above zero, an older node's missing fields as
 * dashes and a node that does not answer as down. Also leaves a screenshot in target/dashboard.png.
 */
class DashboardChromiumTest {
    /** Page time for the polls (60 of them, a full sparkline): the headless browser runs them back to back in virtual time. */
    private static final String VIRTUAL_TIME_MILLIS = "60000";
    /** A row that was down once and is up again keeps an empty class attribute. */
    private static final Pattern ROW = Pattern.compile("<tr data-node=\"([^\"]+)\"( class=\"[^\"]*\")?>(.*?)</tr>", Pattern.DOTALL);
    private static final Pattern CELL = Pattern.compile(
            "<td data-field=\"([a-z_0-9]+)\" title=\"([^\"]*)\"(?: data-value=\"([^\"]+)\")?>(.*?)</td>", Pattern.DOTALL);
    private static final String NONE = "\u2014";
    private static final double NODE1_PER_SECOND = 20_000;
    private final AdminServers servers = new AdminServers();
    @TempDir Path profile;

    record Cell(String text, String title, Double value) {}

    @AfterEach void close() throws Exception { servers.close(); }

    @Test void showsEveryNodeWithItsFiguresAndRatesAndANodeThatDoesNotAnswerAsDown() throws Exception {
        List<String> members = List.of("node1", "node2", "node3");
        Map<String, InetSocketAddress> admins = new LinkedHashMap<>();
        admins.put("node1", AdminServers.nobody());
        admins.put("node2", servers.peer("node2", new TestDoubleNodeStatus("node2", 1365, 12, members,
                Map.of("node1", "up", "node3", "up", "node4", "down"), 30_000)));
        admins.put("node3", servers.peer("node3", TestDoubleNodeStatus.olderNode("node3")));
        admins.put("node4", AdminServers.nobody());
        AdminServer self = servers.start(new ClusterNodes("node1", admins), new TestDoubleNodeStatus("node1", 1366, 7, members,
                Map.of("node2", "up", "node3", "up", "node4", "down"), NODE1_PER_SECOND));
        String url = "http://127.0.0.1:" + self.address().getPort() + "/";
        Path png = Path.of("target", "dashboard.png").toAbsolutePath();
        Files.deleteIfExists(png);
        try (var client = java.net.http.HttpClient.newHttpClient()) { // warm up: the page's first answer comes as fast as the next
            client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url + "cluster")).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding());
        }

        String dom = HeadlessChromium.run(url, profile, "--virtual-time-budget=" + VIRTUAL_TIME_MILLIS, "--window-size=1280,900",
                "--screenshot=" + png, "--dump-dom");

        assertTrue(dom.contains("<p id=\"problem\" class=\"problem\" hidden=\"\"></p>"), "no error shown: " + excerpt(dom, "problem"));
        Map<String, Map<String, Cell>> rows = rows(dom);
        assertEquals(List.of("node1", "node2", "node3", "node4"), List.copyOf(rows.keySet()), "every configured node, in order");
        Map<String, Cell> n1 = rows.get("node1");
        Map<String, Cell> n2 = rows.get("node2");
        assertEquals("up", n1.get("state").text());
        assertEquals(1366.0, n1.get("buckets").value());
        assertEquals(1365.0, n2.get("buckets").value());
        assertEquals(7.0, n1.get("connections").value());
        assertEquals(12.0, n2.get("connections").value());
        assertEquals("yes", n2.get("in_view").text());
        assertEquals("yes", n2.get("quorum").text());
        assertEquals("up", n2.get("link").text(), "node1's link to node2");
        assertEquals("2/3 up", n2.get("links").text());
        assertEquals("85 \u00b5s", n1.get("p50").text());
        assertEquals("410 \u00b5s", n2.get("p99").text());
        assertEquals("#3", n2.get("view").text());
        assertEquals("ok", n2.get("reload").text());
        // node1's own status is read at the instant its read_ms says: its rates match the double's
        assertNear(1.25 * NODE1_PER_SECOND, n1.get("requests").value(), "node1 requests/s (both rules)");
        assertNear(0.6 * NODE1_PER_SECOND, n1.get("handoffs_out").value(), "node1 hand-offs out/s");
        for (String node : List.of("node1", "node2")) {
            for (String rate : List.of("requests", "handoffs_out", "handoffs_in", "rehandoffs")) {
                Double r = rows.get(node).get(rate).value();
                assertTrue(r != null && r > 0, node + " " + rate + "/s should be above zero: " + rows.get(node).get(rate));
            }
        }
        Map<String, Cell> older = rows.get("node3");
        assertEquals("up", older.get("state").text());
        assertEquals("yes", older.get("in_view").text(), "a member of node1's view");
        assertEquals("v1", older.get("config").text());
        for (String missing : List.of("quorum", "links", "buckets", "connections", "requests", "handoffs_out", "p50", "view", "reload")) {
            assertEquals(NONE, older.get(missing).text(), "node3 has no " + missing);
        }
        Map<String, Cell> down = rows.get("node4");
        assertEquals("down", down.get("state").text());
        assertTrue(down.get("state").title().startsWith("connect: "), down.get("state").toString());
        assertEquals("no", down.get("in_view").text());
        assertEquals("down", down.get("link").text());
        assertEquals(NONE, down.get("buckets").text());
        assertTrue(dom.contains("<tr data-node=\"node4\" class=\"down\">"));
        assertEquals("3 / 4", text(dom, "t-up"));
        assertEquals("view #3: node1, node2, node3", text(dom, "t-view"));
        assertEquals("19", text(dom, "t-conns"));
        assertFalse(text(dom, "t-requests").equals(NONE), "a cluster request rate");
        assertEquals(2, Pattern.compile("<tr data-rule=").matcher(dom).results().count(), "one row per rule: " + excerpt(dom, "rules"));
        byte[] image = Files.readAllBytes(png);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(image, 4), "a PNG at " + png);
    }

    private static void assertNear(double expected, Double shown, String what) {
        assertTrue(shown != null && Math.abs(shown - expected) <= 0.2 * expected, what + ": " + shown + ", expected " + expected + " \u00b1 20 %");
    }

    /** Every node row of the table: its cells by data-field (text without markup, tooltip, data-value). */
    static Map<String, Map<String, Cell>> rows(String dom) {
        Map<String, Map<String, Cell>> rows = new LinkedHashMap<>();
        Matcher r = ROW.matcher(dom);
        while (r.find()) {
            Map<String, Cell> cells = new LinkedHashMap<>();
            Matcher c = CELL.matcher(r.group(3));
            while (c.find()) {
                cells.put(c.group(1), new Cell(strip(c.group(4)), unescape(c.group(2)), c.group(3) == null ? null : Double.valueOf(c.group(3))));
            }
            rows.put(r.group(1), cells);
        }
        return rows;
    }

    private static String text(String dom, String id) {
        Matcher m = Pattern.compile("id=\"" + id + "\"[^>]*>(.*?)</", Pattern.DOTALL).matcher(dom);
        assertTrue(m.find(), "no element #" + id);
        return strip(m.group(1));
    }

    /** The text of an HTML fragment: without the SVG (its title is a tooltip) and the tags. */
    private static String strip(String html) {
        return unescape(html.replaceAll("(?s)<svg.*?</svg>", "").replaceAll("<[^>]+>", "")).strip();
    }

    private static String unescape(String s) {
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&");
    }

    private static String excerpt(String dom, String around) {
        int i = Math.max(0, dom.indexOf(around));
        return dom.substring(i, Math.min(dom.length(), i + 400));
    }

}
