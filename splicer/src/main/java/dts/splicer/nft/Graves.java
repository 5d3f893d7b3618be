package dts.splicer.nft;

import dts.splicer.sys.LibC;
import dts.splicer.sys.SysException;

import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Closes released sockets after a grace period, on one daemon thread. A packet that the flow rules
 * let through while the socket still claimed its flow may be on its way to TCP (the rules and the
 * socket lookup are two steps of one softirq pass, microseconds apart); once the grace has passed
 * none can be, so closing cannot make the kernel answer such a packet with a RST.
 */
final class Graves {
    private final ScheduledThreadPoolExecutor timer;
    private final long graceMillis;
    private final LongAdder buried = new LongAdder();

    Graves(String name, long graceMillis) {
        this.graceMillis = graceMillis;
        this.timer = new ScheduledThreadPoolExecutor(1, r -> Thread.ofPlatform().daemon().name(name).unstarted(r));
        timer.setRemoveOnCancelPolicy(true);
    }

    /** Closes {@code fd} after the grace period (at once when shut down). */
    void closeAfterGrace(int fd) {
        buried.increment();
        try {
            timer.schedule(() -> closeQuietly(fd), graceMillis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            closeQuietly(fd);
        }
    }

    long buried() { return buried.sum(); }

    /** Closes every socket still waiting, now, and ends the thread. */
    void shutdown() {
        List<Runnable> waiting = timer.shutdownNow();
        waiting.forEach(Runnable::run);
    }

    private static void closeQuietly(int fd) {
        try {
            LibC.close(fd); // still frozen (drop filter, repair mode): silent, no FIN or RST
        } catch (SysException ignored) {
            // nothing left to do with a descriptor that will not close
        }
    }
}
