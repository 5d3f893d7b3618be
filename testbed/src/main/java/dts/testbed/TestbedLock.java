package dts.testbed;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The testbed's names (namespaces, bridges, addresses) are global to the host, so only one testbed may
 * exist at a time. Every process that brings one up holds this lock until it tears it down or exits;
 * a second process waits for it. A {@link TestbedLease} keeps it across several up/down cycles (and
 * whatever the holder sets up around them, e.g. cgroups named after the nodes).
 */
final class TestbedLock {
    private static final Path FILE = Path.of("/run/lock/dts-testbed.lock");
    private static FileChannel channel;
    private static FileLock lock;
    private static int leases;

    private TestbedLock() {}

    static synchronized void acquire() {
        if (lock != null && lock.isValid()) return;
        try {
            channel = FileChannel.open(FILE, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            lock = channel.tryLock();
            if (lock == null) {
                System.err.println("dts: waiting for " + FILE + " (another process has a testbed up on this host)");
                lock = channel.lock();
            }
        } catch (IOException e) {
            throw new TestbedException("cannot lock " + FILE + ": " + e.getMessage(), e);
        }
    }

    /** Releases the lock unless a lease holds it. */
    static synchronized void release() {
        if (leases > 0) return;
        try {
            if (lock != null) lock.release();
            if (channel != null) channel.close();
        } catch (IOException ignored) {
            // the lock goes with the process anyway
        }
        lock = null;
        channel = null;
    }

    static synchronized void lease() {
        acquire();
        leases++;
    }

    static synchronized void endLease() {
        if (leases == 0) return;
        leases--;
        release();
    }
}
