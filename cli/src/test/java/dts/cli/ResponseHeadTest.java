package dts.cli;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ResponseHeadTest {
    private static final byte[] RESPONSE = ("HTTP/1.1 200 OK\r\nContent-Length: 12\r\nX-DTS-Node: node3\r\n\r\n"
            + "x-dts-node: no").getBytes(StandardCharsets.ISO_8859_1);
    private static final int HEAD_BYTES = RESPONSE.length - 14;

    @Test
    void theBodyStartsWhereTheHeadEndsWhereverTheReadsSplitIt() {
        for (int split = 1; split < RESPONSE.length; split++) {
            ResponseHead head = new ResponseHead();
            byte[] first = java.util.Arrays.copyOf(RESPONSE, split);
            byte[] second = java.util.Arrays.copyOfRange(RESPONSE, split, RESPONSE.length);
            int from = head.feed(first, first.length);
            if (split < HEAD_BYTES) {
                assertEquals(-1, from, "split " + split);
                assertEquals(HEAD_BYTES - split, head.feed(second, second.length), "split " + split);
            } else {
                assertEquals(HEAD_BYTES, from, "split " + split);
                assertEquals(0, head.feed(second, second.length));
            }
            assertEquals("HTTP/1.1 200 OK", head.statusLine());
            assertEquals("node3", head.header("x-dts-node"), "the head's value, not body bytes that look like one");
            assertEquals(12, head.contentLength());
            assertNull(head.header("etag"));
        }
    }
}
