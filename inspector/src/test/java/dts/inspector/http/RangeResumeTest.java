package dts.inspector.http;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RangeResumeTest {
    private static byte[] b(String s) { return s.getBytes(StandardCharsets.ISO_8859_1); }

    @Test void aStrongEtagIsTheValidatorElseLastModified() {
        byte[] strong = b("HTTP/1.1 200 OK\r\nETag: \"abc\"\r\nLast-Modified: Mon, 30 Nov 2026 10:00:00 GMT\r\n\r\n");
        assertEquals("\"abc\"", RangeResume.validator(strong, strong.length));
        byte[] weak = b("HTTP/1.1 200 OK\r\nETag: W/\"abc\"\r\nlast-modified: Mon, 30 Nov 2026 10:00:00 GMT\r\n\r\n");
        assertEquals("Mon, 30 Nov 2026 10:00:00 GMT", RangeResume.validator(weak, weak.length));
        byte[] none = b("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc");
        assertNull(RangeResume.validator(none, none.length));
    }

    @Test void theRangeRequestReplacesAnyRangeAndIfRange() {
        byte[] req = b("GET /f HTTP/1.1\r\nHost: x\r\nRange: bytes=0-9\r\nIf-Range: \"old\"\r\nAccept: */*\r\n\r\n");
        assertEquals("GET /f HTTP/1.1\r\nHost: x\r\nAccept: */*\r\nRange: bytes=1000-\r\nIf-Range: \"abc\"\r\n\r\n",
                new String(RangeResume.rangeRequest(req, 1000, "\"abc\""), StandardCharsets.ISO_8859_1));
    }

    @Test void onlyTheExactRestIsAccepted() {
        byte[] rest = b("HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 1000-4095/4096\r\nContent-Length: 3096\r\n\r\n");
        assertTrue(RangeResume.isRest(rest, rest.length, 206, 1000, 4096));
        assertFalse(RangeResume.isRest(rest, rest.length, 206, 999, 4096), "another offset");
        assertFalse(RangeResume.isRest(rest, rest.length, 206, 1000, 4097), "another length: the file changed");
        byte[] whole = b("HTTP/1.1 200 OK\r\nContent-Length: 4096\r\n\r\n");
        assertFalse(RangeResume.isRest(whole, whole.length, 200, 1000, 4096), "the validator no longer matched: the whole file");
    }
}
