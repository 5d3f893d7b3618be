package dts.splicer.nft;

import dts.splicer.sys.LibC;
import dts.splicer.sys.SysException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;

/**
 * Applies queued forgets. Where the kernel has {@code NFT_MSG_DESTROYSETELEM} (Linux 6.3+): one
 * destroy transaction over netlink ({@link NftNetlink}) for all of them, which passes over entries
 * that already timed out. Otherwise, or when that fails, through libnftables: first one plain delete
 * transaction (the common case: every entry is still there); should it fail, e.g. because an entry
 * already timed out, one tolerant transaction (add+delete, {@link FlowRules#forgetTolerant}); should
 * that fail too, each key alone, so one bad key cannot fail the others.
 *
 * <p>A failed transaction is expensive (~15 ms here: the kernel's abort path waits for an RCU grace
 * period), against ~0.1 ms for a plain delete and ~2x that for add+delete. So after a plain delete
 * failed, the next {@value #TOLERANT_BATCHES_AFTER_MISS} batches go tolerant first: flows forgotten
 * long after their SYN (e.g. moving all connections of a process) come in runs.
 */
final class ForgetBatch {
    static final int TOLERANT_BATCHES_AFTER_MISS = 64;

    private final Map<FlowKey, List<CompletableFuture<Void>>> waiting = new LinkedHashMap<>();
    private final LongAdder applied = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder transactions = new LongAdder();
    private int tolerantBatchesLeft;
    private NftNetlink netlink; // worker thread only; null: libnftables only

    /** Applies forgets over {@code netlink} from now on (worker thread; it owns and closes it). */
    void useNetlink(NftNetlink netlink) {
        this.netlink = netlink;
    }

    void add(FlowKey key, CompletableFuture<Void> done) {
        waiting.computeIfAbsent(key, k -> new ArrayList<>(1)).add(done);
    }

    /** Applies and completes everything added since the last call. Worker thread only. Counts before completing. */
    void apply(NftContext ctx) {
        if (waiting.isEmpty()) return;
        try {
            if (destroyed() || plainDelete(ctx) || run(ctx, FlowRules.forgetTolerant(waiting.keySet())).ok()) {
                applied.add(waiting.size());
                waiting.values().forEach(ForgetBatch::completeAll);
            } else {
                waiting.forEach((key, futures) -> applyOne(ctx, key, futures));
            }
        } catch (RuntimeException e) {
            waiting.forEach((key, futures) -> fail(key, futures, e.toString()));
        } finally {
            waiting.clear();
        }
    }

    /**
     * True when one netlink destroy took every waiting key out. A kernel without destroy refuses it with
     * EINVAL: netlink is not tried again. Any other refusal (no table, say) leaves the keys to
     * libnftables, whose per-key errors say what is wrong.
     */
    private boolean destroyed() {
        if (netlink == null) return false;
        transactions.increment();
        try {
            netlink.destroyElements(FlowRules.TABLE_NAME, FlowRules.MINE_SET, waiting.keySet());
            return true;
        } catch (SysException e) {
            if (e.errno() == LibC.EINVAL || e.errno() == LibC.EOPNOTSUPP) closeNetlink();
            return false;
        }
    }

    void closeNetlink() {
        if (netlink != null) {
            netlink.close();
            netlink = null;
        }
    }

    /** True when a plain delete of every waiting key went through; false when it failed or was skipped. */
    private boolean plainDelete(NftContext ctx) {
        if (tolerantBatchesLeft > 0) {
            tolerantBatchesLeft--;
            return false;
        }
        if (run(ctx, FlowRules.forget(waiting.keySet())).ok()) return true;
        tolerantBatchesLeft = TOLERANT_BATCHES_AFTER_MISS;
        return false;
    }

    private NftContext.Result run(NftContext ctx, String commands) {
        transactions.increment();
        return ctx.run(commands);
    }

    private void applyOne(NftContext ctx, FlowKey key, List<CompletableFuture<Void>> futures) {
        NftContext.Result r = run(ctx, FlowRules.forgetTolerant(List.of(key)));
        if (r.ok()) {
            applied.increment();
            completeAll(futures);
        } else {
            fail(key, futures, r.error());
        }
    }

    private void fail(FlowKey key, List<CompletableFuture<Void>> futures, String error) {
        failed.increment();
        SysException e = new SysException("forget " + key + ": " + NftContext.firstLine(error));
        futures.forEach(f -> f.completeExceptionally(e));
    }

    private static void completeAll(List<CompletableFuture<Void>> futures) {
        futures.forEach(f -> f.complete(null));
    }

    ForgetStats stats() { return new ForgetStats(applied.sum(), failed.sum(), transactions.sum()); }
}
