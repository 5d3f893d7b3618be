package dts.inspector.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Response framing, as the relay applies it: a table of response streams, each followed by the start
 * of a next response, fed split at every byte. The framing must find exactly where each message
 * ends (the bytes a relay forwards for it), and never read into the next one.
 */
class ResponseFramingTest {
    private static final ResponseParser PARSER = ResponseParser.create(8192);
    private static final String NEXT = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";

    record Row(String name, String method, String message, int status, ResponseParser.Body body, boolean reusable) {
        @Override public String toString() { return name; }
    }

    static Stream<Row> rows() {
        return Stream.of(
                new Row("content-length", "GET", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello", 200, ResponseParser.Body.LENGTH, true),
                new Row("content-length 0", "GET", "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", 200, ResponseParser.Body.LENGTH, true),
                new Row("repeated content-length", "GET", "HTTP/1.1 200 OK\r\nContent-Length: 3, 3\r\n\r\nabc", 200, ResponseParser.Body.LENGTH, true),
                new Row("chunked", "GET", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n",
                        200, ResponseParser.Body.CHUNKED, true),
                new Row("chunked with extensions and trailers", "GET",
                        "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\nA;name=v\r\n0123456789\r\n1 ; x\r\n!\r\n0;end\r\nX-Sum: 1\r\nX-More: 2\r\n\r\n",
                        200, ResponseParser.Body.CHUNKED, true),
                new Row("chunked upper-case hex, bare LF", "GET", "HTTP/1.1 200 OK\nTransfer-Encoding: chunked\n\nB\n0123456789a\n0\n\n",
                        200, ResponseParser.Body.CHUNKED, true),
                new Row("HEAD with a length", "HEAD", "HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n", 200, ResponseParser.Body.NONE, true),
                new Row("204", "GET", "HTTP/1.1 204 No Content\r\n\r\n", 204, ResponseParser.Body.NONE, true),
                new Row("304 with a length", "GET", "HTTP/1.1 304 Not Modified\r\nContent-Length: 77\r\nETag: \"x\"\r\n\r\n",
                        304, ResponseParser.Body.NONE, true),
                new Row("100 continue", "POST", "HTTP/1.1 100 Continue\r\n\r\n", 100, ResponseParser.Body.NONE, true),
                new Row("connection close", "GET", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok", 200,
                        ResponseParser.Body.LENGTH, false),
                new Row("HTTP/1.0 without keep-alive", "GET", "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok", 200, ResponseParser.Body.LENGTH, false),
                new Row("HTTP/1.0 keep-alive", "GET", "HTTP/1.0 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nok", 200,
                        ResponseParser.Body.LENGTH, true));
    }

    /** Bytes of the message the framing finds in {@code stream}, fed as two pieces split at {@code split}. */
    private static int messageLength(byte[] stream, int split, String method) {
        ResponseParser.Result r = ResponseParser.Result.INCOMPLETE;
        int have = 0;
        for (int piece : new int[] {split, stream.length}) {
            have = piece;
            r = PARSER.parse(stream, 0, have, method);
            if (r.outcome() != ResponseParser.Outcome.INCOMPLETE) break;
        }
        assertEquals(ResponseParser.Outcome.COMPLETE, r.outcome(), "split " + split);
        int pos = r.headLength();
        switch (r.body()) {
            case NONE -> { return pos; }
            case LENGTH -> { return pos + (int) r.contentLength(); }
            case CHUNKED -> {
                ChunkedBody c = new ChunkedBody();
                int cut = Math.max(pos, Math.min(split, stream.length));
                pos += c.advance(stream, pos, cut - pos);
                if (!c.done()) pos += c.advance(stream, pos, stream.length - pos);
                assertTrue(c.done(), "chunked body complete at split " + split);
                assertFalse(c.failed());
                return pos;
            }
            default -> { return -1; }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void framingFindsTheEndOfEveryMessageAtEverySplit(Row row) {
        byte[] message = row.message().getBytes(StandardCharsets.ISO_8859_1);
        byte[] stream = (row.message() + NEXT).getBytes(StandardCharsets.ISO_8859_1);
        ResponseParser.Result whole = PARSER.parse(stream, 0, stream.length, row.method());
        assertEquals(row.status(), whole.status());
        assertEquals(row.body(), whole.body());
        assertEquals(row.reusable(), whole.reusable());
        for (int split = 0; split <= stream.length; split++) {
            assertEquals(message.length, messageLength(stream, split, row.method()), "split at " + split);
        }
    }

    @Test void untilCloseWithoutALength() {
        ResponseParser.Result r = PARSER.parse(bytes("HTTP/1.1 200 OK\r\nServer: x\r\n\r\nbody..."), 0, 35, "GET");
        assertEquals(ResponseParser.Body.UNTIL_CLOSE, r.body());
        assertFalse(r.reusable());
        ResponseParser.Result te = PARSER.parse(bytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n"), 0, 44, "GET");
        assertEquals(ResponseParser.Body.UNTIL_CLOSE, te.body());
    }

    @Test void bothFramingsMeanChunkedThenClose() {
        byte[] b = bytes("HTTP/1.1 200 OK\r\nContent-Length: 9\r\nTransfer-Encoding: chunked\r\n\r\n");
        ResponseParser.Result r = PARSER.parse(b, 0, b.length, "GET");
        assertEquals(ResponseParser.Body.CHUNKED, r.body());
        assertFalse(r.reusable());
    }

    @Test void switchingProtocolsAndInterimResponses() {
        byte[] up = bytes("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n");
        assertTrue(PARSER.parse(up, 0, up.length, "GET").switchesProtocols());
        byte[] cont = bytes("HTTP/1.1 100 Continue\r\n\r\n");
        assertTrue(PARSER.parse(cont, 0, cont.length, "POST").interim());
    }

    @Test void malformedAndOversizedHeads() {
        for (String s : new String[] {"HTTP/2.0 200 OK\r\n\r\n", "HTTP/1.1 20 OK\r\n\r\n", "HTTP/1.1 abc OK\r\n\r\n", "FOO\r\n\r\n",
                "HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n", "HTTP/1.1 200 OK\r\nContent-Length: 1, 2\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", "HTTP/1.1 200 OK\r\n no-colon\r\n\r\n"}) {
            byte[] b = bytes(s);
            assertEquals(ResponseParser.Outcome.MALFORMED, PARSER.parse(b, 0, b.length, "GET").outcome(), s);
        }
        byte[] big = bytes("HTTP/1.1 200 OK\r\nX: " + "a".repeat(9000) + "\r\n\r\n");
        assertEquals(ResponseParser.Outcome.TOO_LARGE, PARSER.parse(big, 0, big.length, "GET").outcome());
        assertEquals(ResponseParser.Outcome.INCOMPLETE, PARSER.parse(big, 0, 100, "GET").outcome());
    }

    @Test void malformedChunkedBodiesFailAndNeverThrow() {
        for (String s : new String[] {"g\r\n", "\r\n", "5\r\nhelloX", "5\r\nhello\r\nzz\r\n", "1234567890123456\r\n", "0\r\nX: y\rZ"}) {
            ChunkedBody c = new ChunkedBody();
            byte[] b = bytes(s);
            c.advance(b, 0, b.length);
            assertTrue(c.failed() || !c.done(), s);
        }
        Random rnd = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            byte[] b = new byte[rnd.nextInt(64)];
            rnd.nextBytes(b);
            ChunkedBody c = new ChunkedBody();
            int n = c.advance(b, 0, b.length);
            assertTrue(n >= 0 && n <= b.length);
            ResponseParser.Result r = PARSER.parse(b, 0, b.length, "GET");
            assertTrue(r.outcome() != null);
        }
    }

    @Test void payloadCanBeSkippedWithoutLookingAtIt() {
        ChunkedBody c = new ChunkedBody();
        byte[] size = bytes("400\r\n");
        assertEquals(5, c.advance(size, 0, size.length));
        assertEquals(1024, c.payloadRemaining());
        c.skipPayload(1000);
        assertEquals(24, c.payloadRemaining());
        c.skipPayload(24);
        byte[] rest = bytes("\r\n0\r\n\r\nHTTP/1.1");
        assertEquals(7, c.advance(rest, 0, rest.length));
        assertTrue(c.done());
    }

    private static byte[] bytes(String s) { return s.getBytes(StandardCharsets.ISO_8859_1); }
}
