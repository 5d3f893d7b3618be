package dts.node;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Status codes to classes: 1xx..5xx, anything else "other"; interim 1xx not counted. */
class ResponseClassesTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"200,2xx", "206,2xx", "304,3xx", "404,4xx", "431,4xx", "502,5xx", "599,5xx", "101,1xx",
            "99,other", "600,other", "0,other", "-1,other", "999,other"})
    void eachStatusCountsInItsClass(int status, String expected) {
        ResponseClasses r = new ResponseClasses();
        r.count(status);
        assertEquals(expected, ResponseClasses.NAMES[ResponseClasses.classOf(status)]);
        for (String c : ResponseClasses.NAMES) assertEquals(c.equals(expected) ? 1 : 0, r.of(c), c);
    }

    @Test void interimResponsesAreNotCountedButSwitchingProtocolsIs() {
        ResponseClasses r = new ResponseClasses();
        for (int s : new int[] {100, 102, 103, 199}) r.count(s);
        assertEquals(0, r.of("1xx"));
        r.count(101);
        assertEquals(1, r.of("1xx"));
    }

    @Test void theSnapshotListsEveryClassInOrder() {
        ResponseClasses r = new ResponseClasses();
        r.count(200);
        r.count(200);
        r.count(503);
        assertEquals(List.of("1xx", "2xx", "3xx", "4xx", "5xx", "other"), List.copyOf(r.snapshot().keySet()));
        assertEquals(List.of(0L, 2L, 0L, 0L, 1L, 0L), List.copyOf(r.snapshot().values()));
    }
}
