package dts.splicer.nft;

import java.util.BitSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Per-node flow ownership in nftables: the table {@code inet dts} (rule shape in {@link FlowRules})
 * through libnftables over FFM, no process per operation.
 *
 * <p>All nft work runs on one worker thread that lives in the network namespace where
 * {@link #install} was called; the other methods may be called from any thread. The VIP listener
 * must be bound to the wildcard address (0.0.0.0), or rule 1 ({@code socket wildcard 0}) would
 * accept every packet. Side effect: a SYN to VIP:PORT leaves the table with {@code meta mark} 0
 * (the bucket is computed into the mark and cleared again); no other packet's mark is touched.
 * Ownership changes never disturb established flows: their full sockets keep accepting them.
 */
public final class FlowTable implements AutoCloseable {
    /** What the table matches and how it hashes. Same values on every node, or nodes disagree. */
    public record Spec(String vip, int port, int buckets, int hashSeed, int flowTimeoutSeconds) {
        public static final int MAX_BUCKETS = 65536;
        public static final int MAX_FLOW_TIMEOUT_SECONDS = 86400;

        public Spec {
            if (vip == null || !isIpv4(vip)) throw new IllegalArgumentException("vip: " + vip + " (expected: dotted IPv4 address)");
            if (port < 1 || port > 65535) throw new IllegalArgumentException("port: " + port + " (expected: 1..65535)");
            if (buckets < 1 || buckets > MAX_BUCKETS) {
                throw new IllegalArgumentException("buckets: " + buckets + " (expected: 1.." + MAX_BUCKETS + ")");
            }
            if (flowTimeoutSeconds < 1 || flowTimeoutSeconds > MAX_FLOW_TIMEOUT_SECONDS) {
                throw new IllegalArgumentException("flowTimeoutSeconds: " + flowTimeoutSeconds
                        + " (expected: 1.." + MAX_FLOW_TIMEOUT_SECONDS + ")");
            }
        }

        private static boolean isIpv4(String s) {
            String[] parts = s.split("\\.", -1);
            if (parts.length != 4) return false;
            for (String p : parts) {
                if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit) || Integer.parseInt(p) > 255) return false;
            }
            return true;
        }
    }

    private final Spec spec;
    private final NftWorker worker;
    private final AtomicBoolean closed = new AtomicBoolean();

    private FlowTable(Spec spec, NftWorker worker) {
        this.spec = spec;
        this.worker = worker;
    }

    /** {@link #install(Spec, int[])} owning no bucket yet. */
    public static FlowTable install(Spec spec) { return install(spec, new int[0]); }

    /**
     * Checks availability ({@link #checkAvailable}), then replaces any table {@code inet dts} in the
     * calling thread's network namespace with a fresh one owning {@code ownedBuckets}, atomically.
     */
    public static FlowTable install(Spec spec, int[] ownedBuckets) {
        int[] owned = normalize(spec, ownedBuckets);
        checkAvailable();
        NftWorker worker = NftWorker.start("dts-nft-" + spec.vip() + ":" + spec.port());
        try {
            worker.call(ctx -> ctx.runOrThrow("install table " + FlowRules.TABLE, FlowRules.install(spec, owned)));
        } catch (RuntimeException e) {
            worker.stop();
            throw e;
        }
        return new FlowTable(spec, worker);
    }

    /** Fails with a message naming what is missing: libnftables, root, or a kernel feature. */
    public static void checkAvailable() { NftAvailability.check(); }

    public Spec spec() { return spec; }

    /** The bucket the kernel computes for a client endpoint under this table's spec. */
    public int bucketOf(byte[] clientAddr, int clientPort) {
        return NftJhash.bucketOf(clientAddr, clientPort, spec.buckets(), spec.hashSeed());
    }

    /** Replaces the owned buckets in one transaction (flush + add): no SYN sees a half-updated set. */
    public void setOwnedBuckets(int[] buckets) {
        int[] owned = normalize(spec, buckets);
        worker.call(ctx -> ctx.runOrThrow("set owned buckets", FlowRules.replaceOwned(owned)));
    }

    /**
     * Queues the removal of a client's flow from {@code @mine} (after its socket was handed off).
     * Completes once the entry is gone, also when it had already timed out; completes exceptionally
     * when nft refused. Queued removals are applied together, one transaction per batch.
     */
    public CompletableFuture<Void> forget(byte[] clientAddr, int clientPort) {
        return worker.forget(FlowKey.of(clientAddr, clientPort));
    }

    /**
     * {@link #forget(byte[], int)}, then {@code afterApplied} on the worker thread once the attempt is
     * over, whether it succeeded or not (see {@link #forgetStats()}). Keep it short, e.g. a close().
     */
    public void forget(byte[] clientAddr, int clientPort, Runnable afterApplied) {
        forget(clientAddr, clientPort).whenComplete((ok, error) -> afterApplied.run());
    }

    public ForgetStats forgetStats() { return worker.stats(); }

    /** Applies queued forgets, deletes the table and stops the worker. Idempotent. */
    @Override public void close() {
        if (!closed.compareAndSet(false, true)) return;
        try {
            worker.call(ctx -> ctx.runOrThrow("delete table " + FlowRules.TABLE, FlowRules.deleteTable()));
        } finally {
            worker.stop();
        }
    }

    private static int[] normalize(Spec spec, int[] buckets) {
        BitSet seen = new BitSet(spec.buckets());
        for (int b : buckets) {
            if (b < 0 || b >= spec.buckets()) {
                throw new IllegalArgumentException("bucket: " + b + " (expected: 0.." + (spec.buckets() - 1) + ")");
            }
            seen.set(b);
        }
        return seen.stream().toArray();
    }

    @Override public String toString() {
        return "FlowTable[" + spec + ", " + (closed.get() ? "closed" : "installed") + "]";
    }
}
