package dts.splicer.nft;

import dts.splicer.sys.LibC;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Closes released sockets after a grace period, on one daemon thread. A packet that the flow rules
 * let through while the socket still claimed its flow may be on its way to TCP (the rules and the
 * socket lookup are two steps of one softirq pass, microseconds apart); once the grace has passed
 * none can be, so closing cannot make the kernel answer such a packet with a RST.
 *
 * <p>A connection that comes back to this node while its old socket waits here (a keep-alive
 * connection placed A → B → A within the grace) may take the grave early ({@link #exhume}): once
 * the flow's rules no longer let anything reach that socket (unclaimed, out of {@code @mine}) for
 * {@link #EXHUME_AFTER_NANOS}, nothing can be in flight to it either, and the 4-tuple is free for
 * the restore instead of waiting out the grace.
 */
final class Graves {
    /** Unreachable for this long: no packet of the flow can still be between the rules and TCP. */
    static final long EXHUME_AFTER_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private final ScheduledThreadPoolExecutor timer;
    private final long graceMillis;
    private final LongAdder buried = new LongAdder();
    private final LongAdder exhumed = new LongAdder();
    private final ConcurrentHashMap<FlowKey, Grave> byFlow = new ConcurrentHashMap<>();

    /** One socket waiting to be closed; closed exactly once, by the timer or by {@link #exhume}. */
    private static final class Grave {
        final int fd;
        final AtomicBoolean closed = new AtomicBoolean();
        volatile long unreachableSinceNanos; // 0 while its flow may still reach it
        volatile ScheduledFuture<?> closing;

        Grave(int fd) { this.fd = fd; }

        boolean close() {
            if (!closed.compareAndSet(false, true)) return false;
            LibC.closeQuietly(fd); // still frozen (drop filter, repair mode): silent, no FIN or RST
            return true;
        }
    }

    Graves(String name, long graceMillis) {
        this.graceMillis = graceMillis;
        this.timer = new ScheduledThreadPoolExecutor(1, r -> Thread.ofPlatform().daemon().name(name).unstarted(r));
        timer.setRemoveOnCancelPolicy(true);
    }

    /**
     * Takes {@code fd} (the socket of {@code flow}, already unclaimed) into a grave; nothing is closed
     * until {@link #unreachable} is called for it.
     */
    Object dig(FlowKey flow, int fd) {
        buried.increment();
        Grave g = new Grave(fd);
        if (flow != null) byFlow.put(flow, g);
        return g;
    }

    /** The flow's rules let nothing reach the socket any more: close it after the grace. */
    void unreachable(FlowKey flow, Object grave) {
        Grave g = (Grave) grave;
        g.unreachableSinceNanos = System.nanoTime();
        try {
            g.closing = timer.schedule(() -> {
                if (flow != null) byFlow.remove(flow, g);
                g.close();
            }, graceMillis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            if (flow != null) byFlow.remove(flow, g);
            g.close();
        }
    }

    /**
     * Closes the waiting socket of {@code flow} now if its rules have let nothing reach it for
     * {@link #EXHUME_AFTER_NANOS}; true when it closed one.
     */
    boolean exhume(FlowKey flow) {
        Grave g = byFlow.get(flow);
        if (g == null) return false;
        long since = g.unreachableSinceNanos;
        if (since == 0 || System.nanoTime() - since < EXHUME_AFTER_NANOS) return false;
        byFlow.remove(flow, g);
        ScheduledFuture<?> c = g.closing;
        if (c != null) c.cancel(false);
        if (!g.close()) return false;
        exhumed.increment();
        return true;
    }

    long buried() { return buried.sum(); }

    long exhumed() { return exhumed.sum(); }

    /** Closes every socket still waiting, now, and ends the thread. */
    void shutdown() {
        List<Runnable> waiting = timer.shutdownNow();
        waiting.forEach(Runnable::run);
        byFlow.values().forEach(Grave::close);
        byFlow.clear();
    }
}
