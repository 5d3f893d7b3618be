package dts.inspector.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dts.inspector.http.HeadParser.Outcome;
import dts.inspector.http.HeadParser.Result;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeadParserTest {
    private static final HeadParser PARSER = HeadParser.create(8192);

    @Test
    void browserHeadIsReadInFull() {
        RequestHead head = complete(Corpus.CHROME);
        assertEquals("GET", head.method());
        assertEquals("/support/index.php?page=home&lang=en", head.target());
        assertEquals("/support/index.php", head.path());
        assertEquals("page=home&lang=en", head.query());
        assertEquals("HTTP/1.1", head.version());
        assertEquals("www.example.com", head.host());
        assertEquals(16, head.headers().size());
        assertEquals(Map.entry("Host", "www.Example.com:8080"), head.headers().get(0));
        assertEquals(Map.entry("Cookie", "SESSION=4f3c2b1a; theme=dark"), head.headers().get(15));
        assertEquals("gzip, deflate", head.header("ACCEPT-encoding"));
        assertNull(head.header("Content-Length"));
        assertEquals(0, head.contentLength());
        assertEquals(Corpus.CHROME.length(), head.headLength());
        assertThrows(UnsupportedOperationException.class, () -> head.headers().clear());
    }

    @Test
    void headerGivesTheFirstValueTrimmed() {
        RequestHead head = complete("GET / HTTP/1.1\r\nHost: a\r\nX-A:  one \t\r\nx-a: two\r\n\r\n");
        assertEquals("one", head.header("x-A"));
        assertEquals(List.of(Map.entry("Host", "a"), Map.entry("X-A", "one"), Map.entry("x-a", "two")), head.headers());
    }

    @Test
    void absoluteFormHostWinsOverHostHeader() {
        RequestHead head = complete("GET http://Origin.Example:81/a?b HTTP/1.1\r\nHost: other:80\r\n\r\n");
        assertEquals("origin.example", head.host());
        assertEquals("/a", head.path());
        assertEquals("b", head.query());
        assertEquals("http://Origin.Example:81/a?b", head.target());
    }

    @Test
    void hostFormsAreLowerCasedWithoutPort() {
        assertEquals("[::1]", complete("GET / HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n").host());
        assertEquals("", complete("GET / HTTP/1.1\r\nHost:\r\n\r\n").host());
        assertEquals("10.0.0.1", complete("GET / HTTP/1.1\r\nHost: 10.0.0.1:\r\n\r\n").host());
        assertNull(complete("GET / HTTP/1.0\r\n\r\n").host());
    }

    @Test
    void contentLengthTellsTheBodyFraming() {
        assertEquals(0, complete("GET / HTTP/1.1\r\nHost: a\r\n\r\n").contentLength());
        assertEquals(1234567890123L,
                complete("PUT / HTTP/1.1\r\nHost: a\r\nContent-Length: 1234567890123\r\n\r\n").contentLength());
        assertEquals(-1, complete("PUT / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n").contentLength());
        assertEquals(0, complete("PUT / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n").contentLength());
    }

    @Test
    void pipelinedBytesAreNotPartOfTheHead() {
        String first = "GET /1 HTTP/1.1\r\nHost: a\r\n\r\n";
        String second = "GET /2 HTTP/1.0\r\n\r\n";
        byte[] bytes = (first + second + "GET /3").getBytes(StandardCharsets.ISO_8859_1);
        RequestHead one = PARSER.parse(bytes, 0, bytes.length).head();
        assertEquals(first.length(), one.headLength());
        RequestHead two = PARSER.parse(bytes, one.headLength(), bytes.length - one.headLength()).head();
        assertEquals("/2", two.path());
        assertEquals(second.length(), two.headLength());
        int rest = one.headLength() + two.headLength();
        assertEquals(Outcome.INCOMPLETE, PARSER.parse(bytes, rest, bytes.length - rest).outcome());
    }

    @Test
    void leadingEmptyLinesCountInTheHeadLength() {
        assertEquals(4 + 18, complete("\r\n\r\nGET / HTTP/1.0\r\n\r\n").headLength());
    }

    @Test
    void garbageIsRefusedAtItsFirstByte() {
        byte[] tls = {0x16, 0x03, 0x01};
        Result result = PARSER.parse(tls, 0, 1);
        assertEquals(Outcome.MALFORMED, result.outcome());
        assertEquals("request line: invalid method character", result.error());
    }

    @Test
    void programmingErrorsThrow() {
        byte[] buf = new byte[10];
        assertEquals("maxHeadBytes: 15 (expected: in [16, 1048576])",
                assertThrows(InspectorException.class, () -> HeadParser.create(15)).getMessage());
        assertThrows(InspectorException.class, () -> HeadParser.create(1048577));
        assertEquals("off: 5, len: 6, buf: 10 bytes (expected: a range inside buf)",
                assertThrows(InspectorException.class, () -> PARSER.parse(buf, 5, 6)).getMessage());
        assertThrows(InspectorException.class, () -> PARSER.parse(buf, -1, 2));
        assertThrows(InspectorException.class, () -> PARSER.parse(buf, 0, -1));
        assertThrows(InspectorException.class, () -> PARSER.parse(null, 0, 0));
        assertEquals(Outcome.INCOMPLETE, PARSER.parse(buf, 10, 0).outcome());
    }

    static RequestHead complete(String raw) {
        byte[] bytes = raw.getBytes(StandardCharsets.ISO_8859_1);
        Result result = PARSER.parse(bytes, 0, bytes.length);
        assertEquals(Outcome.COMPLETE, result.outcome(), result.toString());
        return result.head();
    }
}
