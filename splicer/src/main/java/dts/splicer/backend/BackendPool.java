package dts.splicer.backend;

import io.netty.channel.IoEventLoop;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Idle keep-alive connections to the local web server, one stack per event loop (a relay only takes
 * connections of its own loop, so no lock is needed on the data path). An idle connection stays
 * registered with its loop, owned by the pool: any event on it while idle (the server closed it, or
 * sent bytes nobody asked for) closes it. At most {@code maxIdlePerLoop} are kept.
 */
final class BackendPool {
    private final int maxIdlePerLoop;
    private final Map<IoEventLoop, ArrayDeque<RelayFd>> idle = new ConcurrentHashMap<>();

    BackendPool(int maxIdlePerLoop) { this.maxIdlePerLoop = maxIdlePerLoop; }

    /** An idle connection of {@code loop}, now owned by {@code owner}; null when there is none. On the loop. */
    RelayFd take(IoEventLoop loop, RelayFd.Owner owner) {
        ArrayDeque<RelayFd> q = idle.get(loop);
        RelayFd fd = q == null ? null : q.pollLast(); // the most recently used: least likely closed by the server
        if (fd != null) fd.relay = owner;
        return fd;
    }

    /** Keeps {@code fd} (registered on {@code loop}, between responses) for a later request, or closes it. On the loop. */
    void give(IoEventLoop loop, RelayFd fd) {
        ArrayDeque<RelayFd> q = idle.computeIfAbsent(loop, l -> new ArrayDeque<>());
        if (q.size() >= maxIdlePerLoop) {
            fd.release();
            return;
        }
        fd.relay = new Idle(q);
        q.addLast(fd);
    }

    int idleCount() { return idle.values().stream().mapToInt(ArrayDeque::size).sum(); }

    private record Idle(ArrayDeque<RelayFd> queue) implements RelayFd.Owner {
        @Override public void onEvent(RelayFd fd, int ops) {
            if ((ops & RelayFd.READ_BITS) != 0) {
                queue.remove(fd);
                fd.release();
            }
        }

        @Override public void onLoopClosing() {
            queue.forEach(RelayFd::release);
            queue.clear();
        }
    }
}
