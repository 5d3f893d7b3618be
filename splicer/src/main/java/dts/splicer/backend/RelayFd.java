package dts.splicer.backend;

import io.netty.channel.IoEvent;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoEvent;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.channel.unix.FileDescriptor;

import java.io.IOException;

/**
 * One socket fd of a {@link SpliceRelay} registered on the epoll event loop through the IoHandle API,
 * edge-triggered for IN, OUT and RDHUP once and never modified. With edge triggering the readiness
 * is remembered here: {@code readable}/{@code writable} are set by events and cleared when a call
 * returned EAGAIN, or after a read shorter than asked ({@link #readShort}), so no edge is ever lost.
 */
final class RelayFd implements EpollIoHandle {
    static final int EPOLLIN = 0x001;
    static final int EPOLLOUT = 0x004;
    static final int EPOLLERR = 0x008;
    static final int EPOLLHUP = 0x010;
    static final int EPOLLRDHUP = 0x2000;
    static final int READ_BITS = EPOLLIN | EPOLLRDHUP | EPOLLERR | EPOLLHUP;
    static final int WRITE_BITS = EPOLLOUT | EPOLLERR | EPOLLHUP;
    static final EpollIoOps INTEREST = EpollIoOps.EPOLLIN.with(EpollIoOps.EPOLLOUT)
            .with(EpollIoOps.EPOLLRDHUP).with(EpollIoOps.EPOLLET);

    /** Who handles the fd's events: a relay, or the pool while the fd is an idle backend connection. */
    interface Owner {
        void onEvent(RelayFd fd, int ops);

        void onLoopClosing();
    }

    private final FileDescriptor fd;
    Owner relay;
    IoRegistration registration;
    boolean readable = true;
    boolean writable = true;
    /** An event said the peer closed (RDHUP), or an error or hang-up: its EOF or error is read next. */
    boolean peerClosed;

    RelayFd(int fd, Owner relay) {
        this.fd = new FileDescriptor(fd);
        this.relay = relay;
    }

    int intValue() { return fd.intValue(); }

    /**
     * After a stream read of {@code n > 0} bytes where {@code asked} were asked: a shorter read emptied
     * the receive queue, and bytes arriving later are a new edge, so the next read would only say EAGAIN
     * and is not made (nginx's rule). Not once the peer closed: its EOF or error arrived with no new
     * edge to come and is read next.
     */
    void readShort(long n, long asked) {
        if (n < asked && !peerClosed) readable = false;
    }

    @Override public FileDescriptor fd() { return fd; }

    @Override
    public void handle(IoRegistration reg, IoEvent event) {
        int ops = ((EpollIoEvent) event).ops().value();
        if ((ops & READ_BITS) != 0) readable = true;
        if ((ops & (EPOLLRDHUP | EPOLLERR | EPOLLHUP)) != 0) peerClosed = true;
        if ((ops & WRITE_BITS) != 0) writable = true;
        relay.onEvent(this, ops);
    }

    /** Called by the event loop when it shuts down. */
    @Override public void close() { relay.onLoopClosing(); }

    /** Registers with {@code loop}, edge-triggered for {@link #INTEREST}; throws when the loop refuses. */
    void register(io.netty.channel.IoEventLoop loop) {
        io.netty.util.concurrent.Future<IoRegistration> f = loop.register(this);
        if (!f.isSuccess()) throw new dts.splicer.sys.SysException("register fd " + intValue(), f.cause());
        registration = f.getNow();
        registration.submit(INTEREST);
    }

    /** Leaves the epoll set and keeps the fd open: it is someone else's now. */
    void detach() {
        if (registration != null) registration.cancel();
        registration = null;
    }

    /** Leaves the epoll set, then closes the fd; idempotent, never throws. */
    void release() {
        if (registration != null) registration.cancel();
        try {
            if (fd.isOpen()) fd.close();
        } catch (IOException ignored) {
            // close(2) failing (EINTR, EIO) still releases the descriptor on Linux
        }
    }
}
