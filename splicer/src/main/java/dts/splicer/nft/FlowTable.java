package dts.splicer.nft;

import dts.splicer.sys.LibC;
import dts.splicer.sys.SysException;

import java.util.BitSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Per-node flow ownership in nftables: the table {@code inet dts} (rule shape in {@link FlowRules})
 * through libnftables over FFM, and flows forgotten after a hand-off over a netlink socket
 * ({@link NftNetlink}); no process per operation.
 *
 * <p>All nft work runs on one worker thread that lives in the network namespace where
 * {@link #install} was called; the other methods may be called from any thread. The VIP listener
 * must not be claimed ({@link #claim}), or rule 2 would accept every packet; every socket that
 * serves a flow must be (a Netty listener: {@code EpollChannelOption.IP_TRANSPARENT} as a child
 * option; {@code TcpRepair.restore} claims what it restores).
 *
 * <p>Letting go of a flow without a RST ({@link #letGo}, {@link #bury}): the socket stops claiming
 * the flow, the flow leaves {@code @mine}, and only a grace period later is the socket closed, so no
 * packet of the flow can reach TCP on this node after its socket is gone. Side effect: a SYN to VIP:PORT leaves the table with {@code meta mark} 0
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

    /** How long a released socket stays open (frozen, unclaimed) before it is closed. */
    public static final long RELEASE_GRACE_MILLIS = 20;

    private final Spec spec;
    private final NftWorker worker;
    private final Graves graves;
    private final AtomicBoolean closed = new AtomicBoolean();

    private FlowTable(Spec spec, NftWorker worker) {
        this.spec = spec;
        this.worker = worker;
        this.graves = new Graves("dts-graves-" + spec.vip() + ":" + spec.port(), RELEASE_GRACE_MILLIS);
    }

    /**
     * Marks the socket {@code fd} as holding its flow on this node (IP_TRANSPARENT): the table then
     * accepts the flow's packets in every state of the socket, TIME_WAIT included. Never on a listener.
     */
    public static void claim(int fd) {
        LibC.setInt(fd, LibC.SOL_IP, LibC.IP_TRANSPARENT, 1);
    }

    /**
     * Lets go of a flow whose socket moved to another node (or is given up): {@code fd} must be
     * frozen (TcpRepair.dump: drop filter and repair mode). The socket stops claiming the flow at once,
     * the flow leaves {@code @mine}, and {@code fd} is closed {@link #RELEASE_GRACE_MILLIS} after that
     * removal was applied. Takes ownership of {@code fd}. Any thread.
     */
    public void letGo(int fd, byte[] clientAddr, int clientPort) {
        FlowKey flow = FlowKey.of(clientAddr, clientPort);
        unclaim(fd);
        Object grave = graves.dig(flow, fd);
        worker.forget(flow).whenComplete((ok, error) -> graves.unreachable(flow, grave));
    }

    /**
     * {@link #letGo} for a frozen socket whose flow is not in this node's {@code @mine} (a restored
     * socket: moved in, or never gone live): unclaims it and closes it after the grace period, no nft
     * transaction.
     */
    public void bury(int fd, byte[] clientAddr, int clientPort) {
        FlowKey flow = FlowKey.of(clientAddr, clientPort);
        unclaim(fd);
        graves.unreachable(flow, graves.dig(flow, fd));
    }

    /**
     * Frees the 4-tuple of a client's flow for a restore on this node when its previous socket here
     * waits in its grace (the connection left moments ago and is coming back): closes that socket now
     * if nothing can reach it any more. True when it closed one (retry the restore at once); false when
     * none waits here, or its {@code @mine} removal is not applied yet (retry shortly).
     */
    public boolean exhume(byte[] clientAddr, int clientPort) {
        return graves.exhume(FlowKey.of(clientAddr, clientPort));
    }

    /** RST segments from VIP:PORT that the table dropped on output (none leaves the node). */
    public long rstsSuppressed() {
        String out = worker.call(ctx -> ctx.runOrThrow("read the RST counter", FlowRules.listRstCounter()));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("packets (\\d+)").matcher(out == null ? "" : out);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    /** Runs {@code work} on the nft worker after everything queued before it (tests hold the worker with it). */
    java.util.concurrent.CompletableFuture<Object> onWorker(Runnable work) {
        return worker.submit(ctx -> { work.run(); return null; });
    }

    /** Released sockets closed early for a returning connection ({@link #exhume}). */
    public long exhumed() { return graves.exhumed(); }

    /** Sockets handed to {@link #letGo} or {@link #bury} so far. */
    public long released() { return graves.buried(); }

    private static void unclaim(int fd) {
        try {
            LibC.setInt(fd, LibC.SOL_IP, LibC.IP_TRANSPARENT, 0);
        } catch (SysException ignored) {
            // a socket that cannot be unclaimed is still dropped by its filter until the grace ends
        }
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

    /** Fails unless libnftables loads (Debian package libnftables1). Touches no ruleset. */
    public static void checkLibrary() { NftLibrary.get(); }

    /**
     * The nft script {@link #install} runs for {@code spec} (owning no bucket): for a check-only run
     * ({@code nft --check}) that tells whether this kernel accepts the node's table without applying it.
     */
    public static String installScript(Spec spec) { return FlowRules.install(spec, new int[0]); }

    public Spec spec() { return spec; }

    /** The bucket the kernel computes for a client endpoint under this table's spec. */
    public int bucketOf(byte[] clientAddr, int clientPort) {
        return NftJhash.bucketOf(clientAddr, clientPort, spec.buckets(), spec.hashSeed());
    }

    /** The longest lease {@link #renewLease} takes. */
    public static final long MAX_LEASE_MILLIS = 60_000;
    /**
     * How long after the lease a handshake it answered may still complete (its final ACK reach TCP):
     * the lease's tail, which a {@link #dropLease} keeps. Covers the final ACK's round trip.
     */
    public static final long LEASE_TAIL_MILLIS = 250;

    /**
     * Holds this node's lease for {@code millis} from now: its owned buckets answer SYNs until then
     * unless renewed again, and the handshakes they answered may complete for {@link #LEASE_TAIL_MILLIS}
     * more. A table starts without a lease (no SYN answered). Waits for the kernel.
     */
    public void renewLease(long millis) {
        if (millis < 1 || millis > MAX_LEASE_MILLIS) {
            throw new IllegalArgumentException("leaseMillis: " + millis + " (expected: 1.." + MAX_LEASE_MILLIS + ")");
        }
        worker.call(ctx -> ctx.runOrThrow("renew lease", FlowRules.renewLease(millis, LEASE_TAIL_MILLIS)));
    }

    /**
     * Holds this node's lease until {@code deadlineNanos} ({@link System#nanoTime}) and not a moment
     * longer: the time left is computed on the worker just before the kernel transaction, so a renewal
     * that was delayed (the process paused between deciding and writing, a queue ahead of it) cannot hold
     * the lease past the deadline its decision allowed. Returns false, changing nothing, when the deadline
     * has passed by then. Waits for the kernel.
     */
    public boolean renewLeaseUntil(long deadlineNanos) {
        return worker.call(ctx -> {
            long leftMillis = Math.min(MAX_LEASE_MILLIS, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
            if (leftMillis < 1) return false;
            ctx.runOrThrow("renew lease", FlowRules.renewLease(leftMillis, LEASE_TAIL_MILLIS));
            return true;
        });
    }

    /**
     * Gives the lease up now (an orderly stop, a lost majority): no SYN answered until renewed. Its tail
     * runs out by itself, so handshakes already answered complete.
     */
    public void dropLease() {
        worker.call(ctx -> ctx.runOrThrow("drop lease", FlowRules.dropLease()));
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
    @Override public void close() { close(false); }

    /**
     * {@link #close()} for a node that stops while its VIP stays up: instead of deleting the table it
     * leaves it dropping every packet to VIP:PORT (see {@link FlowRules#dropAll()}), so this host never
     * answers a flow it does not hold; the next {@link #install} replaces it. Idempotent.
     */
    public void closeDroppingAll() { close(true); }

    private void close(boolean keepDropping) {
        if (!closed.compareAndSet(false, true)) return;
        graves.shutdown();
        try {
            worker.call(ctx -> keepDropping ? ctx.runOrThrow("drop all of " + FlowRules.TABLE, FlowRules.dropAll())
                    : ctx.runOrThrow("delete table " + FlowRules.TABLE, FlowRules.deleteTable()));
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
