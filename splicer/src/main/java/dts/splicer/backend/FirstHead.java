package dts.splicer.backend;

import dts.inspector.http.HeadParser;
import io.netty.channel.IoEventLoop;
import io.netty.util.concurrent.ScheduledFuture;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * Reads the first request head of an accepted connection on its event loop, on the bare descriptor
 * (no channel, pipeline or buffer pool): bytes are read until the parser says the head is complete or
 * refuses it, the client closes, or {@code timeoutMillis} pass; then the descriptor leaves the epoll
 * set and goes, with every byte read (the head and whatever followed it), to {@link Done}. At most the
 * parser's {@link HeadParser#maxHeadBytes} plus one read are held. Untrusted bytes never throw out of
 * here: each ending is one {@link Ending}.
 */
public final class FirstHead implements RelayFd.Owner {
    /** How the read ended. */
    public enum Ending {
        /** The parser answered (a complete head, or a refusal): the descriptor is the callee's. */
        PARSED,
        /** No complete head in time: the descriptor is the callee's. */
        TIMED_OUT,
        /** The client closed or reset before a head: the descriptor is closed already. */
        CLOSED
    }

    /** Takes the ending, on the loop: the parser's result (PARSED only) and the bytes read. */
    @FunctionalInterface
    public interface Done {
        void done(Ending ending, HeadParser.Result result, byte[] bytes, int length);
    }

    private static final int FIRST_BYTES = 1024;

    private final IoEventLoop loop;
    private final RelayFd fd;
    private final HeadParser parser;
    private final Done done;
    private final LoopScratch shared = LoopScratch.get();
    private ScheduledFuture<?> timer;
    private byte[] buf = new byte[FIRST_BYTES];
    private int len;
    private boolean ended;

    private FirstHead(IoEventLoop loop, int fd, HeadParser parser, Done done) {
        this.loop = loop;
        this.fd = new RelayFd(fd, this);
        this.parser = parser;
        this.done = done;
    }

    /** On {@code loop}: starts reading {@code fd}'s first head; {@code done} is called exactly once. */
    public static void read(IoEventLoop loop, int fd, HeadParser parser, long timeoutMillis, Done done) {
        FirstHead h = new FirstHead(loop, fd, parser, done);
        try {
            h.fd.register(loop);
        } catch (RuntimeException e) { // the loop refused it (shutting down)
            h.close();
            return;
        }
        h.timer = loop.schedule(h::timedOut, timeoutMillis, TimeUnit.MILLISECONDS);
        h.readAll();
    }

    @Override public void onEvent(RelayFd f, int ops) { readAll(); }

    @Override public void onLoopClosing() { close(); }

    private void readAll() {
        while (!ended && fd.readable) {
            int room = parser.maxHeadBytes() + LoopScratch.SCRATCH_BYTES - len;
            if (room <= 0) { // cannot happen: the parser refuses a head longer than its maximum
                close();
                return;
            }
            long n = RawIo.recv(fd.intValue(), shared.scratch, Math.min(room, LoopScratch.SCRATCH_BYTES), dts.splicer.sys.LibC.MSG_DONTWAIT, shared.st);
            if (n == -RawIo.EAGAIN) {
                fd.readable = false;
                return;
            }
            if (n <= 0) { // EOF, or a reset
                close();
                return;
            }
            fd.readShort(n, Math.min(room, LoopScratch.SCRATCH_BYTES));
            if (len + n > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + (int) n));
            MemorySegment.copy(shared.scratch, ValueLayout.JAVA_BYTE, 0, buf, len, (int) n);
            len += (int) n;
            HeadParser.Result r = parser.parse(buf, 0, len);
            if (r.outcome() != HeadParser.Outcome.INCOMPLETE) {
                end(Ending.PARSED, r);
                return;
            }
        }
    }

    private void timedOut() {
        if (!ended) end(Ending.TIMED_OUT, null);
    }

    private void end(Ending e, HeadParser.Result r) {
        ended = true;
        if (timer != null) timer.cancel(false);
        fd.detach();
        done.done(e, r, buf, len);
    }

    private void close() {
        if (ended) return;
        ended = true;
        if (timer != null) timer.cancel(false);
        fd.release();
        done.done(Ending.CLOSED, null, buf, len);
    }
}
