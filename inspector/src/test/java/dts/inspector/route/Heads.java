package dts.inspector.route;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;

import dts.inspector.http.HeadParser;
import dts.inspector.http.RequestHead;

/** Request heads for tests, made by the real parser. */
final class Heads {
    private static final HeadParser PARSER = HeadParser.create(16384);

    private Heads() {}

    /** {@code GET target HTTP/1.1} with {@code Host: www.example.com} unless a Host line is given. */
    static RequestHead get(String target, String... headerLines) {
        return request("GET", target, headerLines);
    }

    static RequestHead request(String method, String target, String... headerLines) {
        StringBuilder text = new StringBuilder(method + " " + target + " HTTP/1.1\r\n");
        boolean host = false;
        for (String line : headerLines) {
            host |= line.regionMatches(true, 0, "host:", 0, 5);
            text.append(line).append("\r\n");
        }
        if (!host) {
            text.append("Host: www.example.com\r\n");
        }
        return parse(text.append("\r\n").toString());
    }

    /** Parses a whole head, which must be complete and valid. */
    static RequestHead parse(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        HeadParser.Result result = PARSER.parse(bytes, 0, bytes.length);
        assertEquals(HeadParser.Outcome.COMPLETE, result.outcome(), () -> text + " -> " + result);
        return result.head();
    }
}
