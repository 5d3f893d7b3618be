package dts.node.cluster;

import dts.config.ClusterKey;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** In-process JGroups members on 127.0.0.1: one agreed view, one table, quorum, keys. */
class MembershipTest {
    private static final ClusterKey KEY = ClusterKey.generate();

    @Test
    void membersAgreeOnOneViewAndOneTable() throws Exception {
        try (Group g = new Group("n1", "n2", "n3")) {
            List<Membership> ms = List.of(g.start("n1", KEY), g.start("n2", KEY), g.start("n3", KEY));
            Group.await("one view of three", 10_000, () -> agreed(ms, 3));
            assertEquals(Set.of("n1", "n2", "n3"), ms.get(0).liveNodes());
            long ms2 = Group.await("every bucket owned", 5_000, () -> g.ownedSum() == Group.BUCKETS);
            System.out.printf("buckets owned %d ms after the view agreed%n", ms2);
            assertEquals(Group.BUCKETS, ms.stream().mapToInt(Membership::ownedBuckets).sum());
            assertEquals(List.of(), g.overlaps(), "a bucket in two tables at once");
            ms.forEach(m -> assertTrue(m.quorum()));
            ms.forEach(m -> assertEquals(ms.get(0).table(), m.table()));
        }
    }

    @Test
    void aLaterMemberJoinsAndGetsAboutItsShare() throws Exception {
        try (Group g = new Group("n1", "n2", "n3", "n4")) {
            List<Membership> first = List.of(g.start("n1", KEY), g.start("n2", KEY), g.start("n3", KEY));
            Group.await("three joined", 10_000, () -> agreed(first, 3));
            long before = first.get(0).tableVersion();
            Membership late = g.start("n4", KEY);
            List<Membership> all = List.of(first.get(0), first.get(1), first.get(2), late);
            Group.await("four joined", 10_000, () -> agreed(all, 4));
            assertTrue(late.tableVersion() > before, "a new view is a new table version");
            Group.await("every bucket owned", 5_000, () -> late.ownedBuckets() > 0 && g.ownedSum() == Group.BUCKETS);
            double share = late.ownedBuckets() / (double) Group.BUCKETS;
            System.out.printf("late joiner owns %d of %d buckets (%.3f)%n", late.ownedBuckets(), Group.BUCKETS, share);
            assertTrue(share > 0.15 && share < 0.35, "about 1/4: " + share);
            assertEquals(Group.BUCKETS, all.stream().mapToInt(Membership::ownedBuckets).sum());
            assertEquals(List.of(), g.overlaps(), "the joiner took no bucket before its owner let go of it");
        }
    }

    @Test
    void aMinorityOwnsNoBuckets() throws Exception {
        try (Group g = new Group("n1", "n2", "n3", "n4", "n5")) {
            List<Membership> two = List.of(g.start("n1", KEY), g.start("n2", KEY));
            Group.await("two joined", 10_000, () -> agreed(two, 2));
            two.forEach(m -> assertFalse(m.quorum(), "2 of 5 is no majority"));
            two.forEach(m -> assertEquals(0, m.ownedBuckets()));
            List<Membership> three = List.of(two.get(0), two.get(1), g.start("n3", KEY));
            Group.await("three joined", 10_000, () -> agreed(three, 3));
            three.forEach(m -> assertTrue(m.quorum(), "3 of 5 is a majority"));
            Group.await("every bucket owned", 5_000, () -> g.ownedSum() == Group.BUCKETS);
            assertEquals(List.of(), g.overlaps());
        }
    }

    @Test
    void aMemberWithAnotherKeyNeverJoins() throws Exception {
        try (Group g = new Group("n1", "n2", "n3")) {
            List<Membership> good = List.of(g.start("n1", KEY), g.start("n2", KEY));
            Membership intruder = g.start("n3", ClusterKey.generate());
            Group.await("the two with the key", 10_000, () -> agreed(good, 2));
            Thread.sleep(3 * GroupStack.MERGE_MAX_MILLIS); // several merge rounds
            good.forEach(m -> assertEquals(Set.of("n1", "n2"), m.liveNodes()));
            assertEquals(Set.of("n3"), intruder.liveNodes());
            assertEquals(0, intruder.ownedBuckets(), "alone, 1 of 3: no quorum");
        }
    }

    /** Every member sees the same view of {@code size} members. */
    static boolean agreed(List<Membership> ms, int size) {
        ClusterView v = ms.get(0).view();
        return ms.stream().allMatch(m -> m.view().members().size() == size && m.view().viewId().equals(v.viewId()));
    }
}
