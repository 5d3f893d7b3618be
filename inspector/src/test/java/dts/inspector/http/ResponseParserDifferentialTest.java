package dts.inspector.http;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The byte-level response parser against {@link RegexResponseParserOracle}, the line-splitting one it
 * replaced: the same outcome, head length, status, framing, length, reuse and error for well-formed
 * heads of every framing and for 200,000 mutations of them (bytes flipped to CR, LF, colon, space,
 * tab, upper case, controls and Latin-1; bytes cut and doubled), each parsed whole and cut short.
 */
class ResponseParserDifferentialTest {
    private static final ResponseParser NEW = ResponseParser.create(1024);
    private static final ResponseParser OLD = new RegexResponseParserOracle(1024);
    private static final String[] SEEDS = {
        "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\nConnection: keep-alive\r\n\r\n0\r\n\r\n",
        "HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n",
        "HTTP/1.1 304 Not Modified\r\nETag: \"x\"\r\n\r\n",
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n",
        "HTTP/1.1 204 No Content\nX-A:  b \n\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 3, 3\r\nCONTENT-length:3\r\nX-Trailing: a \t\r\n \t\r\n\r\n",
        "HTTP/1.1 404\r\nConnection: close, TE\r\nTransfer-Encoding: identity\r\n\r\n",
        "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx",
        "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n",
    };
    private static final byte[] NOISE = {'\r', '\n', ':', ' ', '\t', 'A', 'z', '0', 0, 0x0B, 0x1C, (byte) 0xA0, (byte) 0x85, '"', ','};

    @Test void sameResultsAsTheLineSplittingParser() {
        for (String seed : SEEDS) {
            for (String method : new String[] {"GET", "HEAD"}) compare(seed.getBytes(StandardCharsets.ISO_8859_1), method);
        }
        Random rnd = new Random(20261202);
        for (int i = 0; i < 200_000; i++) {
            byte[] b = mutate(SEEDS[rnd.nextInt(SEEDS.length)].getBytes(StandardCharsets.ISO_8859_1), rnd);
            compare(b, rnd.nextInt(8) == 0 ? "HEAD" : "GET");
        }
    }

    private static byte[] mutate(byte[] b, Random rnd) {
        int edits = 1 + rnd.nextInt(3);
        for (int e = 0; e < edits && b.length > 1; e++) {
            int at = rnd.nextInt(b.length);
            switch (rnd.nextInt(3)) {
                case 0 -> b[at] = NOISE[rnd.nextInt(NOISE.length)];
                case 1 -> b = java.util.Arrays.copyOf(b, at + 1);
                default -> {
                    byte[] d = new byte[b.length + 1];
                    System.arraycopy(b, 0, d, 0, at + 1);
                    System.arraycopy(b, at, d, at + 1, b.length - at);
                    b = d;
                }
            }
        }
        return b;
    }

    private static void compare(byte[] b, String method) {
        for (int len : new int[] {b.length, b.length / 2}) {
            byte[] padded = new byte[len + 6];
            System.arraycopy(b, 0, padded, 3, len);
            ResponseParser.Result want = OLD.parse(padded, 3, len, method);
            ResponseParser.Result got = NEW.parse(padded, 3, len, method);
            assertEquals(want, got, () -> method + " " + new String(b, 0, len, StandardCharsets.ISO_8859_1).replace("\r", "\\r").replace("\n", "\\n"));
        }
    }
}
