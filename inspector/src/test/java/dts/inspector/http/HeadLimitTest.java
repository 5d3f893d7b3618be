package dts.inspector.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dts.inspector.http.HeadParser.Outcome;
import dts.inspector.http.HeadParser.Result;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HeadLimitTest {

    /** A valid head of exactly {@code length} bytes: padded with an X-Pad header. */
    static byte[] headOf(int length) {
        String start = "GET / HTTP/1.1\r\nHost: a\r\nX-Pad: ";
        String end = "\r\n\r\n";
        String head = start + "p".repeat(length - start.length() - end.length()) + end;
        assertEquals(length, head.length());
        return head.getBytes(StandardCharsets.ISO_8859_1);
    }

    @ParameterizedTest
    @ValueSource(ints = {64, 1000, 8192})
    void headOfExactlyTheLimitIsComplete(int max) {
        HeadParser parser = HeadParser.create(max);
        byte[] head = headOf(max);
        Result result = parser.parse(head, 0, head.length);
        assertEquals(Outcome.COMPLETE, result.outcome());
        assertEquals(max, result.head().headLength());
        byte[] withBody = java.util.Arrays.copyOf(head, max + 100);
        assertEquals(Outcome.COMPLETE, parser.parse(withBody, 0, withBody.length).outcome());
    }

    @ParameterizedTest
    @ValueSource(ints = {64, 1000, 8192})
    void headOfOneByteMoreIsTooLarge(int max) {
        HeadParser parser = HeadParser.create(max);
        byte[] head = headOf(max + 1);
        Result result = parser.parse(head, 0, head.length);
        assertEquals(Outcome.TOO_LARGE, result.outcome());
        assertEquals("head: no end within " + max + " bytes", result.error());
        assertEquals(Outcome.TOO_LARGE, parser.parse(head, 0, max).outcome());
        assertEquals(Outcome.INCOMPLETE, parser.parse(head, 0, max - 1).outcome());
    }

    @ParameterizedTest
    @ValueSource(ints = {64, 1000})
    void malformedBeforeTheLimitIsMalformed(int max) {
        HeadParser parser = HeadParser.create(max);
        byte[] head = headOf(max + 50);
        head[2] = '(';
        assertEquals(Outcome.MALFORMED, parser.parse(head, 0, head.length).outcome());
        head = headOf(max + 50);
        head[max] = 0;
        assertEquals(Outcome.TOO_LARGE, parser.parse(head, 0, head.length).outcome());
    }
}
