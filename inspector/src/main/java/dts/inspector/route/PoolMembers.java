package dts.inspector.route;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * A pool's members and the {@link LiveSet} for the latest set of live nodes. Each route checks
 * each member against the given set (so a set that changes in place is fine) and rebuilds the
 * picker only when the live members differ from the last ones seen.
 */
final class PoolMembers {
    private final String[] members;
    private volatile Snapshot last;

    private record Snapshot(long[] mask, LiveSet live) {}

    PoolMembers(List<String> members) {
        this.members = members.toArray(String[]::new);
        this.last = new Snapshot(new long[words(this.members.length)], LiveSet.EMPTY);
    }

    LiveSet live(Set<String> liveNodes) {
        Snapshot snapshot = last;
        if (members.length <= 64) {
            long mask = 0;
            for (int i = 0; i < members.length; i++) {
                if (liveNodes.contains(members[i])) {
                    mask |= 1L << i;
                }
            }
            if (mask == snapshot.mask[0]) {
                return snapshot.live;
            }
            return refresh(new long[] {mask});
        }
        long[] mask = new long[words(members.length)];
        for (int i = 0; i < members.length; i++) {
            if (liveNodes.contains(members[i])) {
                mask[i >>> 6] |= 1L << i;
            }
        }
        return Arrays.equals(mask, snapshot.mask) ? snapshot.live : refresh(mask);
    }

    /** Whether any member is in {@code nodes} (without touching the cached live set). */
    boolean anyIn(Set<String> nodes) {
        for (String m : members) {
            if (nodes.contains(m)) {
                return true;
            }
        }
        return false;
    }

    private LiveSet refresh(long[] mask) {
        List<String> live = new ArrayList<>(members.length);
        for (int i = 0; i < members.length; i++) {
            if ((mask[i >>> 6] & (1L << i)) != 0) {
                live.add(members[i]);
            }
        }
        LiveSet set = live.isEmpty() ? LiveSet.EMPTY : new LiveSet(live.toArray(String[]::new));
        last = new Snapshot(mask, set); // racing threads build equal snapshots: last write wins
        return set;
    }

    private static int words(int bits) {
        return Math.max(1, (bits + 63) >>> 6);
    }
}
