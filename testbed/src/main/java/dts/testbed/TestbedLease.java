package dts.testbed;

/**
 * Holds the host-wide testbed lock until closed, across any number of {@link Testbed#up} /
 * {@link Testbed#down} cycles: for benchmarks that set things up around the testbed (cgroups named after
 * its nodes) and must not interleave with another process's testbed. Waits while another process holds it.
 */
public final class TestbedLease implements AutoCloseable {
    private boolean closed;

    private TestbedLease() {}

    public static TestbedLease acquire() {
        TestbedLock.lease();
        return new TestbedLease();
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        TestbedLock.endLease();
    }
}
