package dts.inspector.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dts.inspector.http.HeadParser.Outcome;
import dts.inspector.http.HeadParser.Result;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Random and mutated inputs: every byte sequence gives an outcome, never an exception. */
class HeadParserFuzzTest {
    private static final HeadParser PARSER = HeadParser.create(512);
    private static final byte[] ALPHABET = "GET /HTP1.0\r\n:;, \t%2eAchunkedHost-LgZz*?#\u0000\u007f\u00ff"
            .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);

    @Test
    void randomBytesNeverThrow() {
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = new byte[random.nextInt(700)];
            boolean biased = random.nextBoolean();
            for (int j = 0; j < bytes.length; j++) {
                bytes[j] = biased ? ALPHABET[random.nextInt(ALPHABET.length)] : (byte) random.nextInt(256);
            }
            check(bytes, PARSER.parse(bytes, 0, bytes.length));
        }
    }

    @Test
    void mutatedHeadsNeverThrowAndDecideAtOnePlace() {
        SplittableRandom random = new SplittableRandom(12);
        Set<Outcome> seen = new HashSet<>();
        for (int i = 0; i < 3_000; i++) {
            byte[] bytes = mutate(Corpus.ROWS.get(random.nextInt(Corpus.ROWS.size())).bytes(), random);
            Result whole = PARSER.parse(bytes, 0, bytes.length);
            check(bytes, whole);
            seen.add(whole.outcome());
            boolean decided = false;
            for (int n = 0; n <= bytes.length; n++) {
                Result part = PARSER.parse(bytes, 0, n);
                check(Arrays.copyOf(bytes, n), part);
                if (part.outcome() != Outcome.INCOMPLETE) {
                    decided = true;
                    assertEquals(whole.outcome(), part.outcome());
                    assertEquals(whole.error(), part.error());
                } else {
                    assertTrue(!decided, "undecided again");
                }
            }
        }
        assertEquals(Set.of(Outcome.values()), seen);
    }

    private static byte[] mutate(byte[] head, SplittableRandom random) {
        byte[] bytes = head;
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits && bytes.length > 0; e++) {
            int at = random.nextInt(bytes.length);
            byte b = random.nextBoolean() ? ALPHABET[random.nextInt(ALPHABET.length)] : (byte) random.nextInt(256);
            switch (random.nextInt(4)) {
                case 0 -> bytes[at] = b;
                case 1 -> bytes = splice(bytes, at, 0, b);
                case 2 -> bytes = splice(bytes, at, 1, null);
                default -> bytes = splice(bytes, at, 0, null, new byte[random.nextInt(400)]);
            }
        }
        return bytes;
    }

    private static byte[] splice(byte[] bytes, int at, int remove, Byte insert, byte[]... filler) {
        byte[] extra = filler.length > 0 ? filler[0] : insert == null ? new byte[0] : new byte[] {insert};
        Arrays.fill(extra, filler.length > 0 ? (byte) 'a' : extra.length > 0 ? extra[0] : 0);
        byte[] out = new byte[bytes.length - remove + extra.length];
        System.arraycopy(bytes, 0, out, 0, at);
        System.arraycopy(extra, 0, out, at, extra.length);
        System.arraycopy(bytes, at + remove, out, at + extra.length, bytes.length - at - remove);
        return out;
    }

    private static void check(byte[] bytes, Result result) {
        assertNotNull(result.outcome());
        switch (result.outcome()) {
            case COMPLETE -> {
                assertNotNull(result.head());
                assertNull(result.error());
                assertTrue(result.head().headLength() <= Math.min(bytes.length, PARSER.maxHeadBytes()));
                assertTrue(result.head().path().startsWith("/") || result.head().path().equals("*"));
            }
            case INCOMPLETE -> assertTrue(result.head() == null && bytes.length < PARSER.maxHeadBytes());
            default -> assertTrue(result.head() == null && !result.error().isEmpty());
        }
    }
}
