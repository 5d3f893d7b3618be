package dts.splicer.backend;

import dts.splicer.sys.LibC;
import dts.splicer.sys.SockAddr;
import dts.splicer.sys.SysException;
import io.netty.channel.IoEventLoop;

import java.net.InetSocketAddress;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * A listening socket served on one epoll event loop without Netty's channel pipeline: each connection
 * is taken with accept4(2) (non-blocking, close-on-exec) and handed to the {@link Acceptor} as a bare
 * descriptor with its client's address, no channel, pipeline, registration or promise made for it.
 * {@code TCP_NODELAY} is set once on the listening socket (Linux copies it to every accepted one);
 * {@code IP_TRANSPARENT} is set on each accepted socket, never on the listener: the node's flow rules
 * accept a packet that belongs to a transparent socket, and the wildcard listener must not make every
 * SYN one (each node would answer it). A loop takes at most
 * {@value #ACCEPTS_PER_EVENT} connections before it serves other work; when the process is out of
 * descriptors or memory it tries again after {@value #RETRY_MILLIS} ms (the edge-triggered
 * registration would not say so again), and counts it.
 */
public final class VipListener implements RelayFd.Owner {
    /** Takes an accepted connection, on the listener's loop; the descriptor is its own from here. */
    @FunctionalInterface
    public interface Acceptor {
        void accepted(int fd, InetSocketAddress client);
    }

    static final int ACCEPTS_PER_EVENT = 64;
    static final long RETRY_MILLIS = 50;
    private static final int EMFILE = 24;
    private static final int ENFILE = 23;
    private static final int ENOBUFS = 105;
    private static final int ENOMEM = 12;

    private final IoEventLoop loop;
    private final Acceptor acceptor;
    private final RelayFd fd;
    private final LongAdder refused = new LongAdder();
    private final LongAdder unclaimed = new LongAdder();
    private LoopScratch scratch;
    private boolean closed;
    private boolean rerunQueued;

    private VipListener(IoEventLoop loop, int fd, Acceptor acceptor) {
        this.loop = loop;
        this.acceptor = acceptor;
        this.fd = new RelayFd(fd, this);
    }

    /**
     * Binds {@code address} (an IPv4 address and port; SO_REUSEADDR), listens with a queue of
     * {@code backlog} and serves it on {@code loop}.
     *
     * @throws SysException naming the call that failed (bind: the address is in use, ...)
     */
    public static VipListener open(IoEventLoop loop, InetSocketAddress address, int backlog, Acceptor acceptor) {
        int s = LibC.socket(LibC.AF_INET, LibC.SOCK_STREAM | LibC.SOCK_NONBLOCK | LibC.SOCK_CLOEXEC, 0);
        try {
            LibC.setInt(s, LibC.SOL_SOCKET, LibC.SO_REUSEADDR, 1);
            LibC.setInt(s, LibC.IPPROTO_TCP, RawIo.TCP_NODELAY, 1);
            LibC.bind(s, address.getAddress().getAddress(), address.getPort());
            LibC.listen(s, backlog);
            VipListener l = new VipListener(loop, s, acceptor);
            loop.submit(() -> {
                l.scratch = LoopScratch.get();
                l.fd.register(loop);
                l.acceptAll();
            }).get(10, TimeUnit.SECONDS);
            return l;
        } catch (ExecutionException e) {
            LibC.close(s);
            throw e.getCause() instanceof SysException se ? se : new SysException("register listener", e.getCause());
        } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
            LibC.close(s);
            throw new SysException("register listener", e);
        } catch (RuntimeException e) {
            LibC.close(s);
            throw e;
        }
    }

    /** The port listened on (the one asked for, or the kernel's choice for 0). */
    public int port() { return LibC.localAddress(fd.intValue()).port(); }

    /** Connections accepted whose IP_TRANSPARENT could not be set (no CAP_NET_ADMIN: preflight says so). */
    public long unclaimed() { return unclaimed.sum(); }

    /** Connections the listener could not take for lack of descriptors or memory (each retried). */
    public long refusedForResources() { return refused.sum(); }

    /** Stops listening: the socket is closed on the loop, and this returns once it is. Idempotent. */
    public void close() {
        if (loop.inEventLoop()) closeNow();
        else if (!loop.isShuttingDown()) loop.submit(this::closeNow).awaitUninterruptibly(10_000);
    }

    private void closeNow() {
        if (closed) return;
        closed = true;
        fd.release();
    }

    @Override public void onEvent(RelayFd f, int ops) { acceptAll(); }

    @Override public void onLoopClosing() { closeNow(); }

    private void acceptAll() {
        for (int i = 0; i < ACCEPTS_PER_EVENT && !closed && fd.readable; i++) {
            int c = RawIo.accept(fd.intValue(), scratch.peer, scratch.peerLength, scratch.st);
            if (c >= 0) {
                // claimed by this node (FlowTable.claim): its packets pass the flow rules in every state
                if (RawIo.setInt(c, LibC.SOL_IP, LibC.IP_TRANSPARENT, 1, scratch.word, scratch.st) < 0) unclaimed.increment();
                acceptor.accepted(c, SockAddr.parse(scratch.peer).toSocketAddress());
                continue;
            }
            int errno = -c;
            if (errno == RawIo.EAGAIN) {
                fd.readable = false;
                return;
            }
            if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
                refused.increment();
                loop.schedule(this::acceptAll, RETRY_MILLIS, TimeUnit.MILLISECONDS);
                return;
            }
            // ECONNABORTED, EPROTO, EPERM (a firewall), ...: that connection is gone, take the next
        }
        if (!closed && fd.readable && !rerunQueued) { // more waiting: after the loop's other work
            rerunQueued = true;
            loop.execute(() -> {
                rerunQueued = false;
                acceptAll();
            });
        }
    }
}
