package dts.harness.client;

import dts.harness.HarnessException;
import dts.splicer.sys.Netns;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.util.concurrent.ThreadFactory;

/**
 * Event-loop threads that first enter a network namespace (setns), so every socket they create
 * lives there. With a null namespace it is Netty's default factory.
 */
final class NetnsThreadFactory implements ThreadFactory {
    private final String netns;
    private final ThreadFactory delegate;

    NetnsThreadFactory(String netns, String poolName) {
        this.netns = netns;
        this.delegate = new DefaultThreadFactory(poolName, true);
    }

    /** Fails early, on the caller's thread, if the namespace cannot be entered. */
    static void check(String netns) {
        try {
            Netns.call(netns, () -> null);
        } catch (RuntimeException e) {
            throw new HarnessException("netns " + netns + ": cannot enter: " + e.getMessage(), e);
        }
    }

    @Override
    public Thread newThread(Runnable r) {
        if (netns == null) return delegate.newThread(r);
        return delegate.newThread(() -> {
            Netns.enter(netns);
            r.run();
        });
    }
}
