package dts.node.cluster;

import dts.config.ClusterKey;
import dts.node.handoff.PeerLoads;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/** Test support: members of one configured cluster on 127.0.0.1, each on its own free ports. */
final class Group implements AutoCloseable {
    static final int BUCKETS = 1024;
    final Map<String, InetSocketAddress> endpoints = new LinkedHashMap<>();
    private final List<AutoCloseable> started = new ArrayList<>();
    /** Each member's flow-table buckets as its leases set them (TEST recorders, no nftables). */
    final Map<String, Tables> tables = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<String> overlaps = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Thread watcher = Thread.ofPlatform().daemon().name("overlap-watch").start(this::watch);

    /** A TEST flow table: remembers the buckets and whether the lease is held. */
    static final class Tables implements FlowOwnership {
        volatile Set<Integer> owned = Set.of();

        @Override public void setOwnedBuckets(int[] b) {
            Set<Integer> s = new java.util.HashSet<>();
            for (int x : b) s.add(x);
            owned = Set.copyOf(s);
        }

        @Override public void renewLeaseUntil(long deadlineNanos) { }

        @Override public void dropLease() { }
    }

    /** {@code ids} are the configured nodes; none runs yet. */
    Group(String... ids) throws IOException {
        for (String id : ids) endpoints.put(id, new InetSocketAddress(InetAddress.getLoopbackAddress(), freePortPair()));
    }

    /** Starts {@code id} in this JVM; returns once it has its first view. */
    Membership start(String id, ClusterKey key) throws Exception {
        java.util.concurrent.ScheduledExecutorService control = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("control-" + id).unstarted(r));
        Tables t = new Tables();
        tables.put(id, t);
        Membership m = new Membership(id, endpoints, BUCKETS, t, () -> 0, new PeerLoads(), Set.of());
        started.add(control::shutdownNow);
        started.add(m);
        m.start(key, control);
        return m;
    }

    /**
     * A port p with p and p + FD_SOCK2's offset both free now, below the ephemeral range (so that no
     * outgoing connection of this host takes it between this check and JGroups' bind).
     */
    private static int freePortPair() throws IOException {
        java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 200; attempt++) {
            int p = r.nextInt(20_000, 30_000);
            try (ServerSocket s = new ServerSocket(p, 1, InetAddress.getLoopbackAddress());
                 ServerSocket fd = new ServerSocket(p + GroupStack.FD_PORT_OFFSET, 1, InetAddress.getLoopbackAddress())) {
                return p;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IOException("no free port pair on 127.0.0.1 in 20000..30100");
    }

    /** Polls {@code done} every 5 ms; the milliseconds it took, or fails after {@code timeoutMillis}. */
    static long await(String what, long timeoutMillis, BooleanSupplier done) throws InterruptedException {
        long t0 = System.nanoTime();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() - t0 > timeoutMillis * 1_000_000) throw new AssertionError(what + ": not within " + timeoutMillis + " ms");
            Thread.sleep(5);
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /** Buckets in every member's table now, summed. */
    int ownedSum() {
        return tables.values().stream().mapToInt(t -> t.owned.size()).sum();
    }

    /** Every moment a bucket sat in two members' tables at once (sampled every millisecond). */
    List<String> overlaps() { return List.copyOf(overlaps); }

    private void watch() {
        while (true) {
            java.util.Map<Integer, String> seen = new java.util.HashMap<>();
            tables.forEach((id, t) -> {
                for (int b : t.owned) {
                    String other = seen.putIfAbsent(b, id);
                    if (other != null && overlaps.size() < 20) overlaps.add("bucket " + b + ": " + other + " and " + id);
                }
            });
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() throws Exception {
        watcher.interrupt();
        for (int i = started.size() - 1; i >= 0; i--) started.get(i).close();
    }
}
