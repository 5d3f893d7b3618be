package dts.inspector.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dts.inspector.http.HeadParser.Outcome;
import dts.inspector.http.HeadParser.Result;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class HeadParserCorpusTest {
    private static final HeadParser PARSER = HeadParser.create(8192);

    static List<Row> rows() {
        return Corpus.ROWS;
    }

    @Test
    void corpusIsLargeAndVaried() {
        assertTrue(Corpus.ROWS.size() >= 40);
        for (Outcome outcome : Outcome.values()) {
            if (outcome != Outcome.TOO_LARGE) {
                assertTrue(Corpus.ROWS.stream().filter(r -> r.outcome() == outcome).count() >= 4, outcome.name());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void wholeHeadGivesTheExpectedOutcome(Row row) {
        byte[] bytes = row.bytes();
        Result result = PARSER.parse(bytes, 0, bytes.length);
        assertEquals(row.outcome(), result.outcome(), result.toString());
        assertEquals(row.error(), result.error());
        if (row.outcome() != Outcome.COMPLETE) {
            assertNull(result.head());
            return;
        }
        RequestHead head = result.head();
        assertEquals(row.method(), head.method());
        assertEquals(row.path(), head.path());
        assertEquals(row.keepAlive(), head.keepAlive());
        assertTrue(head.headLength() <= bytes.length);
        assertEquals("\n", row.raw().substring(head.headLength() - 1, head.headLength()));
    }

    /** Byte by byte: INCOMPLETE until the outcome of the whole input, which then stays. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void feedingByteByByteDecidesWhereTheWholeInputDoes(Row row) {
        byte[] bytes = row.bytes();
        Result whole = PARSER.parse(bytes, 0, bytes.length);
        boolean decided = false;
        for (int n = 0; n <= bytes.length; n++) {
            Result part = PARSER.parse(bytes, 0, n);
            if (part.outcome() == Outcome.INCOMPLETE) {
                assertTrue(!decided, "undecided again after " + n + " bytes");
                continue;
            }
            decided = true;
            assertEquals(whole.outcome(), part.outcome(), "after " + n + " bytes: " + part);
            assertEquals(whole.error(), part.error(), "after " + n + " bytes");
            if (whole.head() != null) {
                assertEquals(whole.head().headLength(), part.head().headLength());
                assertEquals(whole.head().headers(), part.head().headers());
                assertTrue(n >= whole.head().headLength());
            }
        }
        assertEquals(row.outcome() != Outcome.INCOMPLETE, decided);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void offsetInsideALargerBufferChangesNothing(Row row) {
        byte[] bytes = row.bytes();
        byte[] framed = new byte[bytes.length + 12];
        java.util.Arrays.fill(framed, (byte) 'x');
        System.arraycopy(bytes, 0, framed, 7, bytes.length);
        Result whole = PARSER.parse(bytes, 0, bytes.length);
        Result inside = PARSER.parse(framed, 7, bytes.length);
        assertEquals(whole.toString(), inside.toString());
        if (whole.head() != null) {
            assertNotNull(inside.head());
            assertEquals(whole.head().headLength(), inside.head().headLength());
        }
    }
}
