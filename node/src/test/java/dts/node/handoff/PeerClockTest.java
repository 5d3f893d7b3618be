package dts.node.handoff;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PeerClockTest {
    private static final long MS = 1_000_000L;

    @Test
    void nothingKnownGivesNoDeadline() {
        PeerClock c = new PeerClock();
        assertFalse(c.known());
        assertEquals(Long.MIN_VALUE, c.deadlineAtPeer(1_000 * MS, 100 * MS));
        assertEquals(42, c.atPeer(42));
    }

    @Test
    void unusableExchangesAreIgnored() {
        PeerClock c = new PeerClock();
        assertFalse(c.record(10 * MS, 0, 9 * MS), "answer before the question");
        assertFalse(c.record(0, 5 * MS, PeerClock.MAX_ROUND_TRIP_NANOS + 1), "round trip too slow to say anything");
        assertFalse(c.known());
    }

    /** The safety the one-trip hand-off rests on, over random clock offsets and one-way delays. */
    @Test
    void anEventBeforeThePeersDeadlineHappenedBeforeTheLocalOne() {
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 100_000; i++) {
            long offset = r.nextLong(-1_000_000 * MS, 1_000_000 * MS); // the peer's clock minus ours
            PeerClock c = new PeerClock();
            long t0 = r.nextLong(0, 1_000 * MS);
            long there = r.nextLong(0, 5 * MS); // one way out, one way back: unequal on purpose
            long back = r.nextLong(0, 5 * MS);
            assertTrue(c.record(t0, t0 + there + offset, t0 + there + back));
            long local = t0 + there + back + r.nextLong(0, 60_000 * MS); // used up to a minute later
            long window = r.nextLong(1, 2_000 * MS);
            long deadline = c.deadlineAtPeer(local, window);
            // the latest instant the peer may act, in our clock (true offset; drift within the bound)
            long atLatest = deadline - offset;
            assertTrue(atLatest <= local + window, "peer deadline " + atLatest + " past local " + (local + window));
            // and the bound is not absurdly loose: at most the round trip plus drift early
            long slack = local + window - atLatest;
            assertTrue(slack <= there + back + 2 + (local - t0) / 1_000_000 * PeerClock.DRIFT_PER_MILLION, "slack " + slack);
        }
    }

    @Test
    void aTighterExchangeReplacesALooserOne() {
        PeerClock c = new PeerClock();
        long offset = 123 * MS;
        c.record(0, 4 * MS + offset, 8 * MS); // ±4 ms
        long loose = c.deadlineAtPeer(10 * MS, 100 * MS);
        c.record(20 * MS, 20 * MS + 50_000 + offset, 20 * MS + 100_000); // ±50 µs
        long tight = c.deadlineAtPeer(10 * MS, 100 * MS);
        assertTrue(tight > loose, "a tighter sample gives a later (less conservative) deadline: " + tight + " vs " + loose);
        c.record(30 * MS, 33 * MS + offset, 36 * MS); // ±3 ms, worse: kept out
        assertEquals(tight, c.deadlineAtPeer(10 * MS, 100 * MS));
        assertEquals(1_000 * MS + offset, c.atPeer(1_000 * MS));
    }
}
