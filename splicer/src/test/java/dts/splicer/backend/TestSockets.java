package dts.splicer.backend;

import dts.splicer.sys.LibC;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/** A plain listening socket through FFM, so a test can hand an accepted raw fd to the relay. */
final class TestSockets implements AutoCloseable {
    private static final MethodHandle LISTEN = LibC.downcall("listen", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle ACCEPT4 = LibC.downcall("accept4",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));

    final int listenFd;
    final int port;

    TestSockets() throws Throwable {
        listenFd = LibC.socket(LibC.AF_INET, LibC.SOCK_STREAM | LibC.SOCK_CLOEXEC, 0);
        LibC.setInt(listenFd, LibC.SOL_SOCKET, LibC.SO_REUSEADDR, 1);
        LibC.bind(listenFd, new byte[] {127, 0, 0, 1}, 0);
        if ((int) LISTEN.invokeExact(listenFd, 128) != 0) throw new IllegalStateException("listen");
        port = LibC.localAddress(listenFd).port();
    }

    /** Blocks until a client connects; the accepted fd is non-blocking. */
    int accept() throws Throwable {
        int fd = (int) ACCEPT4.invokeExact(listenFd, MemorySegment.NULL, MemorySegment.NULL, LibC.SOCK_NONBLOCK | LibC.SOCK_CLOEXEC);
        if (fd < 0) throw new IllegalStateException("accept4");
        return fd;
    }

    /** Reads exactly {@code bytes} bytes already sent by the client, as the inspector would have. */
    static ByteBuf readPrefix(int fd, int bytes) throws InterruptedException {
        ByteBuf out = Unpooled.buffer(bytes);
        long deadline = System.nanoTime() + 5_000_000_000L;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = LibC.newCallState(a);
            MemorySegment buf = a.allocate(bytes);
            while (out.readableBytes() < bytes) {
                long n = LibC.recv(fd, buf, bytes - out.readableBytes(), LibC.MSG_DONTWAIT, st);
                if (n == 0) throw new IllegalStateException("EOF while reading the prefix");
                if (n > 0) {
                    out.writeBytes(buf.asSlice(0, n).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
                } else {
                    if (System.nanoTime() > deadline) throw new IllegalStateException("prefix timeout");
                    Thread.sleep(1);
                }
            }
        }
        return out;
    }

    @Override public void close() { LibC.close(listenFd); }
}
