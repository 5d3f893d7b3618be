package dts.node.serve;

import dts.inspector.http.HeadParser;
import dts.splicer.backend.BackendAddress;
import dts.splicer.backend.BackendRelay;
import dts.splicer.backend.FirstHead;
import dts.splicer.backend.HttpBackend;
import dts.splicer.backend.RelayStats;
import dts.splicer.backend.RequestPlacement;
import dts.splicer.backend.VipListener;
import dts.splicer.repair.SocketImage;
import dts.splicer.repair.TcpRepair;
import dts.splicer.sys.LibC;
import io.netty.channel.IoEventLoop;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;

/**
 * Runs this node's request path on loopback before the node takes any traffic: connections accepted
 * by a {@link VipListener}, first heads read by {@link FirstHead}, then keep-alive requests relayed by
 * the HTTP relay ({@link HttpBackend}: pooled backend connections, responses with a length, chunked,
 * and large enough to be spliced) to a {@link WarmupServer} on loopback. A JVM compiles a method only
 * after it ran a few hundred times; a node started into a loaded cluster with a small CPU share
 * otherwise interprets and compiles its data path on its first clients' time (measured: a fresh
 * 4-node cluster at a quarter core per node moved almost nothing for the first 4-5 s of load,
 * docs/BENCHMARKS.md). Nothing of it is counted in the node's statistics, and nothing leaves loopback.
 * Best effort: a failure or {@code maxMillis} ends it early, and the node starts anyway.
 */
public final class Warmup {
    /** Requests per client connection (the first is read by {@link FirstHead}, the others by the relay). */
    public static final int REQUESTS_PER_CONNECTION = 10;

    /** What it did: requests answered whole, those that were not, and how long it took. */
    public record Result(int requests, int failed, long millis) {}

    private Warmup() {}

    /**
     * Sends up to {@code requests} requests through the request path on {@code loop}, for at most
     * {@code maxMillis}; blocks the caller (not {@code loop}) until done.
     */
    public static Result run(IoEventLoop loop, HeadParser parser, int requests, long maxMillis) {
        long start = System.nanoTime();
        long deadline = start + maxMillis * 1_000_000;
        int ok = 0;
        int failed = 0;
        try (WarmupServer server = WarmupServer.start()) {
            HttpBackend backend = HttpBackend.create(BackendAddress.tcp(server.address()), parser.maxHeadBytes(), new RelayStats(),
                    BackendRelay.Options.defaults());
            VipListener listener = VipListener.open(loop, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64,
                    (fd, client) -> FirstHead.read(loop, fd, parser, maxMillis, (ending, r, bytes, length) -> {
                        if (ending == FirstHead.Ending.CLOSED) return;
                        if (ending == FirstHead.Ending.PARSED && r.outcome() == HeadParser.Outcome.COMPLETE) {
                            backend.serve(loop, fd, Arrays.copyOf(bytes, length), RequestPlacement.LOCAL);
                        } else {
                            LibC.closeQuietly(fd);
                        }
                    }));
            try {
                InetSocketAddress at = new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.port());
                while (ok + failed < requests && System.nanoTime() < deadline) {
                    int n = Math.min(REQUESTS_PER_CONNECTION, requests - ok - failed);
                    int done = oneConnection(at, n, deadline);
                    ok += done;
                    failed += n - done;
                }
            } finally {
                listener.close();
            }
        } catch (IOException | RuntimeException e) {
            failed++;
        }
        return new Result(ok, failed, (System.nanoTime() - start) / 1_000_000);
    }

    /**
     * Moves one loopback connection to a new socket of this process {@code moves} times, as a hand-off
     * moves a client's between nodes ({@link TcpRepair#dump} with a request read already, the image
     * through its wire codec, a silent close, {@link TcpRepair#restore}, {@link TcpRepair#release}),
     * each time reading the request back from the restored socket; for at most {@code maxMillis}.
     * Returns the moves made whole (a failure ends it: best effort, like the rest).
     */
    public static int moves(int moves, long maxMillis) {
        long deadline = System.nanoTime() + maxMillis * 1_000_000;
        byte[] request = WarmupServer.Page.SMALL.request();
        int done = 0;
        int fd = -1;
        try (java.net.ServerSocket server = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            fd = LibC.socket(LibC.AF_INET, LibC.SOCK_STREAM | LibC.SOCK_CLOEXEC, 0);
            LibC.connect(fd, InetAddress.getLoopbackAddress().getAddress(), server.getLocalPort());
            try (Socket peer = server.accept()) {
                for (; done < moves && System.nanoTime() < deadline; done++) {
                    SocketImage img = SocketImage.fromBytes(TcpRepair.dump(fd, request).toBytes());
                    LibC.close(fd);
                    fd = -1;
                    fd = TcpRepair.restore(img);
                    TcpRepair.release(fd, img);
                    if (!readBack(fd, request)) break;
                }
            }
        } catch (IOException | RuntimeException e) {
            // best effort: the moves made so far are what it did
        } finally {
            if (fd >= 0) LibC.closeQuietly(fd);
        }
        return done;
    }

    /** Whether the restored socket gives back exactly {@code request} (restored into its receive queue). */
    private static boolean readBack(int fd, byte[] request) {
        try (java.lang.foreign.Arena a = java.lang.foreign.Arena.ofConfined()) {
            java.lang.foreign.MemorySegment buf = a.allocate(request.length + 1);
            java.lang.foreign.MemorySegment st = LibC.newCallState(a);
            long n = LibC.recv(fd, buf, request.length + 1, LibC.MSG_DONTWAIT, st);
            return n == request.length
                    && Arrays.equals(request, buf.asSlice(0, n).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
        }
    }

    /** {@code n} keep-alive requests on one connection; returns how many were answered whole. */
    private static int oneConnection(InetSocketAddress at, int n, long deadlineNanos) {
        int answered = 0;
        try (Socket s = new Socket()) {
            s.setTcpNoDelay(true);
            s.connect(at, 1000);
            s.setSoTimeout((int) Math.max(1, Math.min(2000, (deadlineNanos - System.nanoTime()) / 1_000_000)));
            var out = s.getOutputStream();
            var in = s.getInputStream();
            for (int i = 0; i < n; i++) {
                WarmupServer.Page page = WarmupServer.Page.values()[i % WarmupServer.Page.values().length];
                out.write(page.request());
                byte[] want = page.response();
                byte[] got = in.readNBytes(want.length);
                if (!Arrays.equals(want, got)) return answered;
                answered++;
            }
        } catch (IOException e) {
            // counted by the caller: the requests not answered
        }
        return answered;
    }
}
