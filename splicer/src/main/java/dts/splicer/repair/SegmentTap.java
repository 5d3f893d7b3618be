package dts.splicer.repair;

import dts.splicer.sys.LibC;
import dts.splicer.sys.SockAddr;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Zero loss while frozen. A frozen socket (dumped, or restored and not yet live) drops every
 * segment of its flow; without help the client finds out only by its retransmission timeout
 * (200 ms or more). Every node sees every client frame (the broadcast property), so each node keeps
 * one packet socket that copies the client's data segments (and FINs) to the service address while
 * at least one of its connections is frozen ({@link #watch}): the source holds what arrived after its
 * dump and hands it to the target with the COMMIT ({@link #take}); the target holds what arrived after
 * its restore; once the target's socket is live, both sets go into its stack again through a raw
 * socket ({@link #reinject}: out through loopback, in through the node's own rules to the live
 * socket). Duplicates are harmless (TCP drops what it has). While nothing is frozen the socket's
 * filter passes nothing. Memory is bounded: {@link Segments#MAX_PER_FLOW} and
 * {@link Segments#MAX_BYTES_PER_FLOW} per flow, the packet socket's receive buffer in the kernel;
 * a segment past them is counted and left to the client's retransmission. Thread-safe.
 */
public final class SegmentTap implements AutoCloseable {
    private static final int AF_PACKET = 17, SOCK_DGRAM = 2, SOCK_RAW = 3, ETH_P_IP = 0x0800, IPPROTO_RAW = 255;
    private static final int SO_RCVBUFFORCE = 33;
    private static final int BUFFER_BYTES = 0x10000;
    /** Packets read per {@link #take} at most (a flood cannot keep a caller reading forever). */
    private static final int MAX_READ_PER_TAKE = 4096;
    private static final MethodHandle SENDTO = LibC.downcall("sendto",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT), LibC.captureErrno());

    private final Endpoint server;
    private final int tapFd;
    private final int rawFd;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment buffer = arena.allocate(BUFFER_BYTES);
    private final MemorySegment callState = LibC.newCallState(arena);
    private final MemorySegment passing;
    private final MemorySegment none;
    private final MemorySegment serverAddr;
    private final Map<Long, Held> held = new HashMap<>();
    private boolean open = true;
    /** Segments copied for a frozen connection. */
    public final LongAdder captured = new LongAdder();
    /** Segments of a frozen connection not kept (over a bound): the client resends them. */
    public final LongAdder overflowed = new LongAdder();
    /** Segments put back into the stack for a live socket. */
    public final LongAdder reinjected = new LongAdder();

    private static final class Held {
        int watchers = 1;
        int bytes;
        final List<byte[]> packets = new ArrayList<>();
    }

    private SegmentTap(Endpoint server, int tapFd, int rawFd) {
        this.server = server;
        this.tapFd = tapFd;
        this.rawFd = rawFd;
        this.passing = SegmentFilter.fprog(arena, SegmentFilter.program(server));
        this.none = SegmentFilter.fprog(arena, SegmentFilter.none());
        this.serverAddr = SockAddr.inet(arena, server.address(), 0);
    }

    /**
     * Opens the tap for {@code server} (the VIP and port) in the calling thread's network namespace.
     * Needs CAP_NET_RAW. {@code receiveBufferBytes} bounds what the kernel holds between reads.
     */
    public static SegmentTap open(Endpoint server, int receiveBufferBytes) {
        int tap = LibC.socket(AF_PACKET, SOCK_DGRAM | LibC.SOCK_NONBLOCK | LibC.SOCK_CLOEXEC, Short.reverseBytes((short) ETH_P_IP) & 0xffff);
        int raw = -1;
        try {
            raw = LibC.socket(LibC.AF_INET, SOCK_RAW | LibC.SOCK_CLOEXEC, IPPROTO_RAW);
            SegmentTap t = new SegmentTap(server, tap, raw);
            t.attach(t.none);
            t.discardQueued(); // what came in before the filter
            LibC.setInt(tap, LibC.SOL_SOCKET, SO_RCVBUFFORCE, receiveBufferBytes);
            return t;
        } catch (RuntimeException e) {
            LibC.closeQuietly(tap);
            if (raw >= 0) LibC.closeQuietly(raw);
            throw e;
        }
    }

    /** Starts holding the client segments of {@code client}'s flow (counted: each watch needs an {@link #unwatch}). */
    public synchronized void watch(Endpoint client) {
        if (!open) return;
        long k = Segments.key(client.ipv4(), client.port());
        Held h = held.get(k);
        if (h != null) {
            h.watchers++;
            return;
        }
        if (held.isEmpty()) attach(passing);
        held.put(k, new Held());
    }

    /** The segments held for {@code client} so far (read from the kernel now), handed over; the watch stays. */
    public synchronized List<byte[]> take(Endpoint client) {
        if (!open) return List.of();
        drain();
        Held h = held.get(Segments.key(client.ipv4(), client.port()));
        if (h == null || h.packets.isEmpty()) return List.of();
        List<byte[]> out = new ArrayList<>(h.packets);
        h.packets.clear();
        h.bytes = 0;
        return out;
    }

    /** Ends one watch of {@code client}'s flow; its held segments are dropped with the last one. */
    public synchronized void unwatch(Endpoint client) {
        if (!open) return;
        long k = Segments.key(client.ipv4(), client.port());
        Held h = held.get(k);
        if (h == null || --h.watchers > 0) return;
        held.remove(k);
        if (held.isEmpty()) {
            attach(none);
            discardQueued();
        }
    }

    /**
     * Puts {@code packets} of {@code client}'s flow into this node's stack again, for the live socket
     * of that flow. Packets that are not whole IPv4/TCP segments of exactly this flow to the server
     * (a peer's bytes are not trusted) are skipped. Returns how many went in.
     */
    public int reinject(Endpoint client, List<byte[]> packets) {
        int n = 0;
        for (byte[] p : packets) {
            byte[] d = Segments.deliverable(p, client, server);
            if (d == null) continue;
            try (Arena a = Arena.ofConfined()) {
                MemorySegment seg = a.allocate(d.length);
                MemorySegment.copy(d, 0, seg, JAVA_BYTE, 0, d.length);
                MemorySegment st = LibC.newCallState(a);
                long rc = (long) SENDTO.invokeExact(st, rawFd, seg, (long) d.length, LibC.MSG_DONTWAIT, serverAddr, 16);
                if (rc == d.length) n++;
            } catch (Throwable t) {
                // a segment that does not go back in is resent by the client
            }
        }
        reinjected.add(n);
        return n;
    }

    /** Flows watched now (frozen connections on this node, as source or target). */
    public synchronized int watching() { return held.size(); }

    /** Reads what the kernel holds into the watched flows. Under the lock. */
    private void drain() {
        for (int i = 0; i < MAX_READ_PER_TAKE; i++) {
            long n = LibC.recv(tapFd, buffer, BUFFER_BYTES, LibC.MSG_DONTWAIT, callState);
            if (n < 0) return;
            byte[] p = buffer.asSlice(0, n).toArray(JAVA_BYTE);
            Held h = held.get(Segments.flowOf(p, p.length));
            if (h == null) continue;
            if (h.packets.size() >= Segments.MAX_PER_FLOW || h.bytes + p.length > Segments.MAX_BYTES_PER_FLOW) {
                overflowed.increment();
                continue;
            }
            h.packets.add(p);
            h.bytes += p.length;
            captured.increment();
        }
    }

    private void discardQueued() {
        while (LibC.recv(tapFd, buffer, BUFFER_BYTES, LibC.MSG_DONTWAIT, callState) >= 0) {
            // queued under the previous filter
        }
    }

    private void attach(MemorySegment prog) {
        try (Arena a = Arena.ofConfined()) {
            LibC.setBytes(tapFd, LibC.SOL_SOCKET, LibC.SO_ATTACH_FILTER, prog, a);
        }
    }

    @Override
    public synchronized void close() {
        if (!open) return;
        open = false;
        held.clear();
        LibC.closeQuietly(tapFd);
        LibC.closeQuietly(rawFd);
        arena.close();
    }
}
