package dts.node.cluster;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Leases: release before acquire, departed owners waited out, renewal only with a majority in this view. */
class BucketLeasesTest {
    private static final List<String> NODES = List.of("node1", "node2", "node3");
    private static final int BUCKETS = 64;

    /** A TEST recorder of what the leases do to the flow table. */
    private static final class Table implements FlowOwnership {
        final List<String> log = new ArrayList<>();
        Set<Integer> owned = Set.of();
        long renewals;
        long deadlineNanos;

        @Override public void setOwnedBuckets(int[] b) {
            Set<Integer> s = new HashSet<>();
            for (int x : b) s.add(x);
            owned = s;
            log.add("owned " + b.length);
        }

        @Override public void renewLeaseUntil(long deadlineNanos) {
            renewals++;
            this.deadlineNanos = deadlineNanos;
        }

        @Override public void dropLease() { log.add("drop"); }
    }

    /** A TEST contact: answers and applied versions set by the test. */
    private static final class Peers implements BucketLeases.Contact {
        final Map<String, Long> answeredIn = new HashMap<>();
        final Map<String, Long> applied = new HashMap<>();
        final Set<String> withdrawn = new HashSet<>();

        @Override public boolean withdrew(String peer) { return withdrawn.contains(peer); }

        @Override public Set<String> answeredSince(long withinNanos, long version) {
            Set<String> s = new HashSet<>();
            answeredIn.forEach((p, v) -> { if (v == version) s.add(p); });
            return s;
        }

        @Override public long applied(String peer) { return applied.getOrDefault(peer, -1L); }
    }

    private final Table table = new Table();
    private final Peers peers = new Peers();
    private long now;
    private final BucketLeases leases = new BucketLeases("node1", 3, table, peers, () -> now);

    private static ClusterView view(long version, String... members) {
        return ClusterView.of("[" + version + "]", version, Set.of(members), NODES, Set.of(), Set.of(), BUCKETS, "node1");
    }

    /** node1 in a view of all three that every peer has applied: it owns its share. */
    private ClusterView servingInAViewOfThree() {
        ClusterView v1 = view(1, "node1", "node2", "node3");
        peers.applied.put("node2", 1L);
        peers.applied.put("node3", 1L);
        leases.onView(ClusterView.initial(NODES, Set.of(), BUCKETS, "node1"), v1);
        leases.tick();
        return v1;
    }

    @Test void aJoinerTakesBucketsOnlyOnceEveryOwnerReleasedThem() {
        ClusterView start = ClusterView.initial(NODES, Set.of(), BUCKETS, "node1");
        ClusterView v1 = view(1, "node1", "node2", "node3");
        leases.onView(start, v1);
        assertEquals(0, table.owned.size(), "nothing before node2 and node3 released what was theirs");
        peers.applied.put("node2", 1L);
        leases.tick();
        assertEquals(0, table.owned.size(), "node3 has not said so yet");
        peers.applied.put("node3", 1L);
        leases.tick();
        assertEquals(v1.owned().length, table.owned.size());
    }

    @Test void lostBucketsGoAtOnceAndADepartedOwnersAreWaitedOut() {
        ClusterView v1 = servingInAViewOfThree();
        int before = table.owned.size();
        ClusterView v2 = view(2, "node1", "node2"); // node3 left
        leases.onView(v1, v2);
        peers.applied.put("node2", 2L);
        leases.tick();
        assertEquals(before, table.owned.size(), "node3's buckets wait for its lease to run out");
        now += TimeUnit.MILLISECONDS.toNanos(BucketLeases.DEPARTED_WAIT_MILLIS);
        leases.tick();
        assertEquals(v2.owned().length, table.owned.size(), "then they are taken");
        ClusterView v3 = view(3, "node1", "node2", "node3"); // node3 back: node1 gives some up at once
        leases.onView(v2, v3);
        assertEquals(v3.owned().length, table.owned.size(), "released before anyone acquires");
        assertTrue(table.owned.stream().allMatch(b -> contains(v3.owned(), b)));
    }

    @Test void theLeaseIsRenewedOnlyWithAMajorityAnsweringInThisView() {
        ClusterView v1 = view(1, "node1", "node2", "node3");
        leases.onView(ClusterView.initial(NODES, Set.of(), BUCKETS, "node1"), v1);
        leases.tick();
        assertEquals(0, table.renewals, "nobody answered");
        peers.answeredIn.put("node2", 0L); // an answer from another (stale) view
        leases.tick();
        assertEquals(0, table.renewals);
        peers.answeredIn.put("node2", 1L);
        leases.tick();
        assertEquals(1, table.renewals, "self + node2 = 2 of 3");
        assertTrue(leases.leaseHeld());
        assertEquals(now + TimeUnit.MILLISECONDS.toNanos(BucketLeases.LEASE_MILLIS), table.deadlineNanos,
                "the lease runs from the decision, however late the write lands");
    }

    /**
     * A view that skips versions (this node was frozen: the others installed a view without it, shared its
     * buckets, then merged it back) keeps nothing: its old buckets are acquired again only once every other
     * member has applied the new view and so released them. Seen in a drill: the thawed node renewed its
     * lease on the first answers in the merge view while a slower member still held some of its buckets.
     */
    @Test void aViewThatSkipsVersionsIsJoinedAfresh() {
        ClusterView v1 = servingInAViewOfThree();
        assertEquals(v1.owned().length, table.owned.size());
        ClusterView v3 = view(3, "node1", "node2", "node3"); // same members and table, but view 2 happened without node1
        leases.onView(v1, v3);
        assertEquals(0, table.owned.size(), "released at once although the table gives node1 the same buckets");
        peers.applied.put("node2", 3L);
        leases.tick();
        assertEquals(0, table.owned.size(), "node3 has not applied the merge view");
        peers.applied.put("node3", 3L);
        leases.tick();
        assertEquals(Set.copyOf(box(v3.owned())), table.owned);
    }

    /** A gained bucket waits for every member, not only its previous owner: another may have taken it from one that withdrew. */
    @Test void aGainedBucketWaitsForEveryMemberToApplyTheView() {
        ClusterView v1 = servingInAViewOfThree();
        int before = table.owned.size();
        peers.withdrawn.add("node3");
        ClusterView v2 = view(2, "node1", "node2"); // node3 withdrew and left
        leases.onView(v1, v2);
        assertEquals(before, table.owned.size(), "node2 may still hold some of node3's buckets by view 1 less node3");
        peers.applied.put("node2", 2L);
        leases.tick();
        assertEquals(v2.owned().length, table.owned.size());
    }

    /** Buckets of a member that withdrew are taken only once every other member is in this view (none holds them by an older one). */
    @Test void aWithdrawnMembersBucketsWaitForMembersStillInAnOlderView() {
        ClusterView v1 = servingInAViewOfThree();
        ClusterView v2 = view(2, "node1", "node2", "node3");
        peers.applied.put("node2", 2L);
        leases.onView(v1, v2);
        Set<Integer> before = Set.copyOf(table.owned);
        int claimed = leases.takeOver(Set.of("node2"), without(v2, NODES, "node1", "node2"));
        assertTrue(claimed > 0);
        assertEquals(before, table.owned, "node3 has not applied view 2");
        assertEquals(claimed, leases.waiting());
        peers.applied.put("node3", 2L);
        leases.tick();
        assertEquals(before.size() + claimed, table.owned.size());
    }

    @Test void withoutQuorumNothingIsOwnedAndTheLeaseIsDropped() {
        peers.answeredIn.put("node2", 1L);
        ClusterView v1 = servingInAViewOfThree();
        assertFalse(table.owned.isEmpty());
        leases.onView(v1, view(2, "node1"));
        assertEquals(0, table.owned.size());
        assertEquals("drop", table.log.get(table.log.size() - 1));
        long renewals = table.renewals;
        leases.tick();
        assertEquals(renewals, table.renewals, "no renewal without quorum");
    }

    private static boolean contains(int[] a, int x) {
        for (int y : a) if (y == x) return true;
        return false;
    }

    @Test void aWithdrawnNodeOwnsNothingRenewsNothingAndTakesItsShareBackAsAJoinerOnResume() {
        peers.answeredIn.put("node2", 1L);
        ClusterView v1 = servingInAViewOfThree();
        assertEquals(v1.owned().length, table.owned.size());
        long renewals = table.renewals;
        leases.withdraw();
        assertEquals(0, table.owned.size(), "every bucket dropped at once");
        assertEquals("drop", table.log.get(table.log.size() - 1), "and the lease");
        assertFalse(leases.leaseHeld());
        leases.tick();
        assertEquals(renewals, table.renewals, "no renewal while withdrawn");
        ClusterView v2 = view(2, "node1", "node2", "node3");
        leases.onView(v1, v2);
        assertEquals(0, table.owned.size(), "a view while withdrawn gives nothing");
        leases.resume();
        assertEquals(0, table.owned.size(), "not before every member applied the view");
        peers.applied.put("node2", 2L);
        peers.applied.put("node3", 2L);
        leases.tick();
        assertEquals(v2.owned().length, table.owned.size());
    }

    @Test void aDepartedOwnerThatWithdrewIsNotWaitedOut() {
        ClusterView v1 = servingInAViewOfThree();
        int before = table.owned.size();
        peers.withdrawn.add("node2");
        peers.applied.put("node3", 2L);
        ClusterView v2 = view(2, "node1", "node3");
        leases.onView(v1, v2);
        assertEquals(v2.owned().length, table.owned.size(), "node2's buckets taken at once: it withdrew before it left");
        assertTrue(table.owned.size() > before);
    }

    @Test void aDrainedMemberOwnsNoBucket() {
        ClusterView v = ClusterView.of("[3]", 3, Set.of("node1", "node2", "node3"), NODES, Set.of(), Set.of("node2"), BUCKETS, "node1");
        assertEquals(0, v.table().bucketsOf("node2").length);
        assertEquals(BUCKETS, v.table().bucketsOf("node1").length + v.table().bucketsOf("node3").length);
        assertTrue(v.quorum(), "a drained member still counts for the majority");
    }

    /** The view {@code v} with {@code gone} (members that withdrew) out of the table, as Membership computes it. */
    private static ClusterView without(ClusterView v, List<String> nodes, String self, String... gone) {
        Set<String> drained = new HashSet<>(v.drained());
        drained.addAll(List.of(gone));
        return ClusterView.of(v.viewId(), v.version(), v.members(), nodes, Set.of(), drained, BUCKETS, self);
    }

    @Test void theBucketsOfAMemberThatWithdrewGoToTheirSuccessorsBeforeTheViewChanges() {
        ClusterView v1 = servingInAViewOfThree();
        Set<Integer> before = Set.copyOf(table.owned);
        ClusterView successor = without(v1, NODES, "node1", "node2");
        int taken = leases.takeOver(Set.of("node2"), successor);
        assertTrue(taken > 0, "node1 takes its part of node2's buckets");
        assertEquals(successor.owned().length, table.owned.size());
        for (int b : table.owned) {
            assertTrue(before.contains(b) || "node2".equals(v1.table().owner(b)), "bucket " + b + " was node1's or node2's");
        }
        assertEquals(0, leases.takeOver(Set.of("node2"), successor), "taken once");
        ClusterView v2 = view(2, "node1", "node3"); // node2 leaves the group
        peers.withdrawn.add("node2");
        leases.onView(v1, v2);
        assertEquals(v2.owned().length, table.owned.size(), "the view without node2 is what was taken: nothing moves, nothing waits");
        assertEquals(0, leases.waiting());
        ClusterView v3 = view(3, "node1", "node2", "node3"); // node2 back, serving: its share goes back to it at once
        leases.onView(v2, v3);
        assertEquals(Set.copyOf(box(v3.owned())), table.owned);
    }

    @Test void nodesThatKnowOfDifferentWithdrawalsNeverTakeTheSameBucket() {
        List<String> four = List.of("node1", "node2", "node3", "node4");
        Map<String, Table> tables = new HashMap<>();
        Map<String, BucketLeases> byNode = new HashMap<>();
        ClusterView[] views = new ClusterView[5];
        for (String n : List.of("node1", "node4")) {
            Table t = new Table();
            Peers p = new Peers();
            for (String o : four) p.applied.put(o, 1L);
            BucketLeases l = new BucketLeases(n, 4, t, p, () -> now);
            ClusterView v = ClusterView.of("[1]", 1, Set.copyOf(four), four, Set.of(), Set.of(), BUCKETS, n);
            l.onView(ClusterView.initial(four, Set.of(), BUCKETS, n), v);
            l.tick();
            tables.put(n, t);
            byNode.put(n, l);
            views[Integer.parseInt(n.substring(4))] = v;
        }
        byNode.get("node1").takeOver(Set.of("node2", "node3"), without(views[1], four, "node1", "node2", "node3"));
        byNode.get("node4").takeOver(Set.of("node2"), without(views[4], four, "node4", "node2"));
        Set<Integer> both = new HashSet<>(tables.get("node1").owned);
        both.retainAll(tables.get("node4").owned);
        assertEquals(Set.of(), both, "buckets owned by node1 and node4 at once");
        assertTrue(tables.get("node1").owned.size() + tables.get("node4").owned.size() > BUCKETS / 2, "both took buckets");
    }

    @Test void nothingIsTakenFromATableThatIsNotThisViewLessTheWithdrawn() {
        ClusterView v1 = servingInAViewOfThree();
        Set<Integer> before = Set.copyOf(table.owned);
        ClusterView later = view(2, "node1", "node3");
        assertEquals(0, leases.takeOver(Set.of("node2"), later), "another view's table");
        leases.withdraw();
        assertEquals(0, leases.takeOver(Set.of("node2"), without(v1, NODES, "node1", "node2")), "a withdrawn node takes nothing");
        assertTrue(before.size() > 0);
    }

    @Test void aNodeThatIsNoInspectorTakesNothingWhenEveryInspectorWithdrew() {
        Set<String> inspectors = Set.of("node2", "node3");
        BucketLeases l = new BucketLeases("node1", 3, table, peers, () -> now);
        peers.applied.put("node2", 1L);
        peers.applied.put("node3", 1L);
        ClusterView v1 = ClusterView.of("[1]", 1, Set.copyOf(NODES), NODES, inspectors, Set.of(), BUCKETS, "node1");
        l.onView(ClusterView.initial(NODES, inspectors, BUCKETS, "node1"), v1);
        assertEquals(0, table.owned.size(), "not an inspector");
        ClusterView fallback = ClusterView.of("[1]", 1, Set.copyOf(NODES), NODES, inspectors, Set.of("node2", "node3"), BUCKETS, "node1");
        assertEquals(BUCKETS, fallback.owned().length, "with no inspector left the table falls back to every live node");
        assertEquals(0, l.takeOver(Set.of("node2", "node3"), fallback), "that table is not this view's less the withdrawn: wait for the view");
    }

    private static List<Integer> box(int[] a) {
        List<Integer> l = new ArrayList<>();
        for (int x : a) l.add(x);
        return l;
    }
}
