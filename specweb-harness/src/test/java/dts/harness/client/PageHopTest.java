package dts.harness.client;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PageHopTest {
    @Test
    void firstResponseOnAConnectionIsNew() {
        assertEquals(PageHop.NEW_CONNECTION, PageHop.of(true, null, "node1"));
        assertEquals(PageHop.NEW_CONNECTION, PageHop.of(true, null, null));
    }

    @Test
    void sameOrOtherNodeThanThePreviousResponse() {
        assertEquals(PageHop.SAME_NODE, PageHop.of(false, "node1", "node1"));
        assertEquals(PageHop.OTHER_NODE, PageHop.of(false, "node1", "node2"));
    }

    @Test
    void aResponseWithoutTheHeaderCountsAsServedWhereTheLastWas() {
        assertEquals(PageHop.SAME_NODE, PageHop.of(false, "node1", null));
        assertEquals(PageHop.SAME_NODE, PageHop.of(false, null, null));
    }
}
