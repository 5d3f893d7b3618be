package dts.splicer.backend;

import dts.splicer.sys.LibC;
import io.netty.util.concurrent.FastThreadLocal;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;

/**
 * What an {@link HttpRelay} needs only while it runs, shared by every relay of one event-loop thread:
 * the errno call state, a 64 KiB scratch buffer (bytes pass through it within one call, never across
 * events), and a few empty pipes kept for the next connection. Before, each connection allocated and
 * zeroed its own 64 KiB and made its pipe (pipe2, two fcntl, two close): about 6% of a node's CPU
 * under the SPECweb mix, where connections carry two or three requests. A kept pipe is reused only
 * when FIONREAD says it is empty, so no byte of one connection can reach another. The pipes are
 * closed when the thread ends (Netty removes its thread locals then).
 */
final class LoopScratch {
    static final int SCRATCH_BYTES = 64 << 10;
    private static final int MAX_KEPT_PIPES = 16;
    private static final FastThreadLocal<LoopScratch> LOCAL = new FastThreadLocal<>() {
        @Override protected LoopScratch initialValue() { return new LoopScratch(); }

        @Override protected void onRemoval(LoopScratch s) { s.closeKept(); }
    };

    /** A pipe with the size it was asked for and what it holds at most. */
    record Pipe(int[] fds, int requestedBytes, long capacityBytes) {}

    private final Arena arena = Arena.ofAuto();
    final MemorySegment st = LibC.newCallState(arena);
    final MemorySegment scratch = arena.allocate(SCRATCH_BYTES);
    private final MemorySegment queued = arena.allocate(Integer.BYTES);
    /** A 4-byte value for calls that take an int by pointer (setsockopt), and a peer's sockaddr_in with its length (accept4). */
    final MemorySegment word = arena.allocate(Integer.BYTES);
    final MemorySegment peer = arena.allocate(16, 4);
    final MemorySegment peerLength = arena.allocate(Integer.BYTES);
    private final ArrayDeque<Pipe> kept = new ArrayDeque<>();

    private LoopScratch() {}

    /** This thread's; call only on an event loop. */
    static LoopScratch get() { return LOCAL.get(); }

    /** An empty pipe of {@code requestedBytes}: a kept one, else a new one; throws SysException when none can be made. */
    Pipe takePipe(int requestedBytes) {
        for (Pipe p; (p = kept.pollFirst()) != null; ) {
            if (p.requestedBytes() == requestedBytes) return p;
            close(p);
        }
        int[] fds = RawIo.pipe(requestedBytes, st);
        return new Pipe(fds, requestedBytes, RawIo.pipeCapacity(fds, st));
    }

    /** Keeps {@code p} for the next connection when it is empty and there is room; closes it otherwise. */
    void givePipe(Pipe p) {
        if (kept.size() < MAX_KEPT_PIPES && RawIo.queuedBytes(p.fds()[0], queued, st) == 0) kept.addFirst(p);
        else close(p);
    }

    int keptPipes() { return kept.size(); }

    void close(Pipe p) {
        RawIo.close(p.fds()[0], st);
        RawIo.close(p.fds()[1], st);
    }

    private void closeKept() {
        for (Pipe p; (p = kept.pollFirst()) != null; ) close(p);
    }
}
