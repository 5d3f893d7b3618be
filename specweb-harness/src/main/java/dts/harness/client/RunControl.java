package dts.harness.client;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** The run's bounds: how many requests may still be issued, and when every session has stopped. */
final class RunControl {
    private final long maxRequests;
    private final AtomicLong issued = new AtomicLong();
    private final CountDownLatch stopSignal = new CountDownLatch(1);
    private final CountDownLatch finished;
    private volatile boolean stopping;

    RunControl(long maxRequests, int sessions) {
        this.maxRequests = maxRequests == 0 ? Long.MAX_VALUE : maxRequests;
        this.finished = new CountDownLatch(sessions);
    }

    /** Reserves one request; false once the run is stopping or the request budget is spent. */
    boolean tryIssue() {
        if (stopping) return false;
        long n = issued.incrementAndGet();
        if (n > maxRequests) {
            stop();
            return false;
        }
        if (n == maxRequests) stop();
        return true;
    }

    boolean stopping() { return stopping; }

    void stop() {
        stopping = true;
        stopSignal.countDown();
    }

    void sessionFinished() { finished.countDown(); }

    long finishedSessions(int sessions) { return sessions - finished.getCount(); }

    /** Waits until the budget is spent or {@code durationMillis} (0 = forever) passed. */
    void awaitStop(long durationMillis) throws InterruptedException {
        if (durationMillis == 0) stopSignal.await();
        else stopSignal.await(durationMillis, TimeUnit.MILLISECONDS);
    }

    boolean awaitFinished(long timeoutMillis) throws InterruptedException {
        return finished.await(timeoutMillis, TimeUnit.MILLISECONDS);
    }
}
