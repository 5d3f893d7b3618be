package dts.splicer.nft;

import dts.splicer.sys.LibC;
import dts.splicer.sys.SysException;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * A handle on the network namespace of the thread that created it ({@code /proc/thread-self/ns/net}),
 * so that another thread can enter the same namespace with setns(2). {@link FlowTable} uses it to run
 * its worker thread in the namespace where {@code install} was called (e.g. inside {@code Netns.call}).
 */
final class ThreadNetns implements AutoCloseable {
    private static final int CLONE_NEWNET = 0x40000000;
    private static final int O_RDONLY_CLOEXEC = 0x80000;
    private static final MethodHandle OPEN = LibC.downcall("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), LibC.captureErrno());
    private static final MethodHandle SETNS = LibC.downcall("setns", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), LibC.captureErrno());

    private final int fd;

    private ThreadNetns(int fd) { this.fd = fd; }

    /** The namespace of the calling thread. */
    static ThreadNetns current() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = LibC.newCallState(a);
            int fd = (int) OPEN.invokeExact(st, a.allocateFrom("/proc/thread-self/ns/net"), O_RDONLY_CLOEXEC);
            if (fd < 0) throw failure("open /proc/thread-self/ns/net", LibC.errno(st));
            return new ThreadNetns(fd);
        } catch (SysException e) { throw e; } catch (Throwable t) { throw new SysException("open netns", t); }
    }

    /** Moves the calling thread into this namespace. */
    void enter() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = LibC.newCallState(a);
            if ((int) SETNS.invokeExact(st, fd, CLONE_NEWNET) < 0) throw failure("setns", LibC.errno(st));
        } catch (SysException e) { throw e; } catch (Throwable t) { throw new SysException("setns", t); }
    }

    private static SysException failure(String call, int errno) {
        return new SysException(call + ": " + LibC.strerror(errno) + " (errno " + errno + ")", errno);
    }

    @Override public void close() { LibC.close(fd); }
}
