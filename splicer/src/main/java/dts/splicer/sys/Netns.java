package dts.splicer.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * Runs code inside a named network namespace ({@code ip netns add NAME}) on a fresh platform
 * thread that entered it with setns(2). Sockets keep the namespace they were created in, so a
 * socket made here can be used from any thread afterwards. Needs CAP_SYS_ADMIN (root).
 */
public final class Netns {
    private static final int CLONE_NEWNET = 0x40000000;
    private static final int O_RDONLY = 0;
    private static final MethodHandle OPEN = LibC.downcall("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), LibC.captureErrno());
    private static final MethodHandle SETNS = LibC.downcall("setns", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), LibC.captureErrno());

    private Netns() {}

    /** Calls {@code task} on a new thread inside namespace {@code name}; rethrows its failure. */
    public static <T> T call(String name, Callable<T> task) {
        FutureTask<T> f = new FutureTask<>(() -> {
            enter(name);
            return task.call();
        });
        Thread t = Thread.ofPlatform().name("netns-" + name).start(f);
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SysException("interrupted in netns " + name);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) throw re;
            throw new SysException("in netns " + name, c);
        } finally {
            try { t.join(); } catch (InterruptedException ignored) { Thread.currentThread().interrupt(); }
        }
    }

    /** Moves the calling thread into {@code /var/run/netns/NAME}. */
    public static void enter(String name) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = LibC.newCallState(a);
            int fd = (int) OPEN.invokeExact(st, a.allocateFrom("/var/run/netns/" + name), O_RDONLY);
            if (fd < 0) throw LibC.fail("open netns " + name, LibC.errno(st));
            try {
                int rc = (int) SETNS.invokeExact(st, fd, CLONE_NEWNET);
                if (rc < 0) throw LibC.fail("setns " + name, LibC.errno(st));
            } finally {
                LibC.close(fd);
            }
        } catch (SysException e) { throw e; } catch (Throwable t) { throw new SysException("netns " + name, t); }
    }
}
