package dts.splicer.backend;

import dts.inspector.http.ChunkedBody;
import dts.inspector.http.HeadParser;
import dts.inspector.http.RangeResume;
import dts.inspector.http.RequestHead;
import dts.inspector.http.ResponseParser;
import dts.splicer.sys.LibC;
import dts.splicer.sys.SysException;
import io.netty.channel.IoEventLoop;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP/1.x-aware relay between a client socket and the local web server, on one epoll event loop
 * (HAProxy's way: heads in user space, bodies by their framing). Requests are taken one at a time:
 * each head is parsed and, from the second on, placed ({@link RequestPlacement}); one that belongs to this
 * node is sent to a pooled backend connection; its response head is parsed and its body relayed by
 * its framing: Content-Length bodies and chunk payloads spliced zero-copy (each splice capped at what
 * the framing says remains), chunk-size lines and trailers in user space, close-delimited bodies
 * spliced to the server's EOF; HEAD, 1xx, 204 and 304 have none. A request that belongs elsewhere
 * waits until every earlier response was written and acknowledged, then the connection is handed to
 * {@link RequestPlacement#move} with that request and everything after it. A request with a body, an
 * Upgrade or CONNECT, or a head the parser refuses pins the connection: from there on it is an opaque
 * tunnel to the backend. Every ending is one {@link RelayOutcome}.
 */
final class HttpRelay implements RelayFd.Owner {
    private enum State { REQUEST, CONNECTING, SEND_REQUEST, RESPONSE_HEAD, RESPONSE_BODY, MOVING, TUNNEL, LINGERING, DONE }

    private static final int FLAGS = LibC.SPLICE_F_MOVE | LibC.SPLICE_F_NONBLOCK;
    private static final int SEND_FLAGS = LibC.MSG_NOSIGNAL | LibC.MSG_DONTWAIT;
    private static final int SCRATCH_BYTES = LoopScratch.SCRATCH_BYTES;
    private static final long MOVE_POLL_MAX_MILLIS = 8;
    private static final long MOVE_TIMEOUT_MILLIS = 10_000;
    private static final long BUDGET_BYTES = 8L << 20;

    private final IoEventLoop loop;
    private final BackendAddress backendAddress;
    private final BackendPool pool;
    private final RequestPlacement placement;
    private final HeadParser requests;
    private final ResponseParser responses;
    private final RelayStats stats;
    private final BackendRelay.Options options;
    private final Promise<RelayOutcome> done;
    private final LoopScratch shared = LoopScratch.get(); // made on the loop: the loop's call state and scratch
    private final MemorySegment st = shared.st;
    private final MemorySegment scratch = shared.scratch;
    private Arena tunnelArena;     // a tunnel's prefixes, made only when the connection is pinned
    private final RelayFd client;
    private RelayFd backend;
    private boolean backendReused;
    private boolean retried;
    private LoopScratch.Pipe downPipe;  // backend → client
    private long inPipe;
    private State state = State.REQUEST;
    private ScheduledFuture<?> timer;
    private long lastActivityNanos = System.nanoTime();

    private byte[] req = new byte[4096];  // client bytes not yet forwarded
    private int reqLen;
    private boolean clientEof;
    private boolean firstRequest = true;
    private byte[] toBackend;             // the request head being sent
    private int toBackendOff;
    private String method;
    private boolean clientKeepAlive;

    private byte[] resp = new byte[4096]; // response head bytes read so far
    private int respLen;
    private byte[] out = new byte[0];     // user-space bytes for the client, sent before any spliced byte
    private int outOff;
    private int outLen;
    private ResponseParser.Body body;
    private long remaining;               // LENGTH: body bytes still to relay
    private ChunkedBody chunked;
    private boolean reusable;

    private byte[] requestHead;          // the GET head being answered, when its response could be resumed elsewhere
    private String validator;            // its response's validator (null: it cannot be resumed)
    private long bodyTotal;              // the whole body's length
    private long bodyBase;               // body bytes before this response part (a resumed part starts there)
    private long partLength;             // this response part's body length
    private Object cutFor;               // a drain asked this connection to move mid-body, to there
    private Resume cutResume;            // what the move carries, once cut
    private Resume resuming;             // this relay continues a response cut on another node

    private Object moveTarget;
    private long moveSinceNanos;
    private long movePollMillis;
    private long discarded;
    private SplicePump tunnelUp;
    private SplicePump tunnelDown;
    private LoopScratch.Pipe upPipe;
    private boolean rerunQueued;

    private HttpRelay(IoEventLoop loop, int clientFd, BackendAddress backendAddress, BackendPool pool, RequestPlacement placement,
                      HeadParser requests, ResponseParser responses, RelayStats stats, BackendRelay.Options options,
                      Promise<RelayOutcome> done) {
        this.loop = loop;
        this.backendAddress = backendAddress;
        this.pool = pool;
        this.placement = placement;
        this.requests = requests;
        this.responses = responses;
        this.stats = stats;
        this.options = options;
        this.done = done;
        this.client = new RelayFd(clientFd, this);
    }

    /** On the loop: takes ownership of {@code clientFd}; {@code consumed} are the client's first bytes. */
    static void start(IoEventLoop loop, int clientFd, byte[] consumed, BackendAddress backendAddress, BackendPool pool,
                      RequestPlacement placement, HeadParser requests, ResponseParser responses, RelayStats stats,
                      BackendRelay.Options options, Promise<RelayOutcome> done, Resume resume) {
        HttpRelay r = new HttpRelay(loop, clientFd, backendAddress, pool, placement, requests, responses, stats, options, done);
        stats.countConnection();
        r.append(consumed, consumed.length);
        // whoever read the first bytes read until the socket was empty; bytes that came since are
        // reported by the registration below (epoll polls a descriptor it is given), so no read is
        // tried before an event says there is something to read
        r.client.readable = false;
        try {
            r.client.register(loop);
            // as Netty does for its channels: no Nagle delay behind a response head sent on its own
            // segment (a moved-in socket is restored without the option)
            RawIo.setInt(clientFd, LibC.IPPROTO_TCP, RawIo.TCP_NODELAY, 1, r.shared.word, r.st);
            r.downPipe = r.shared.takePipe(options.pipeSizeBytes());
        } catch (SysException | java.io.UncheckedIOException e) {
            r.finish(RelayOutcome.IO_ERROR);
            return;
        }
        r.scheduleIdleCheck(options.idleTimeoutMillis());
        placement.onIdleMove(r::leaveNow);
        if (resume != null) r.startResume(resume);
        r.run();
    }

    /** Asks the local web server for the rest of a response cut on another node; the client gets only its body. */
    private void startResume(Resume rs) {
        resuming = rs;
        firstRequest = false; // the next request is placed by the rules
        HeadParser.Result p = requests.parse(rs.requestHead(), 0, rs.requestHead().length);
        clientKeepAlive = p.outcome() == HeadParser.Outcome.COMPLETE && p.head().keepAlive();
        method = "GET";
        placement.serving();
        startRequest();
        toBackend = RangeResume.rangeRequest(rs.requestHead(), rs.offset(), rs.validator());
        toBackendOff = 0;
        acquireBackend();
    }

    // ---- events

    @Override public void onEvent(RelayFd fd, int ops) {
        if (state == State.CONNECTING) {
            if (fd == backend && (ops & RelayFd.WRITE_BITS) != 0) checkConnect();
            else return;
        }
        run();
    }

    @Override public void onLoopClosing() { finish(RelayOutcome.SHUTDOWN); }

    private void run() {
        long budget = BUDGET_BYTES;
        while (budget > 0) {
            long progress = switch (state) {
                case REQUEST -> request();
                case SEND_REQUEST -> sendRequest();
                case RESPONSE_HEAD -> responseHead();
                case RESPONSE_BODY -> responseBody();
                case TUNNEL -> tunnel();
                case LINGERING -> linger();
                case CONNECTING, MOVING, DONE -> 0;
            };
            if (progress <= 0) return; // finished, or waiting for an event
            lastActivityNanos = System.nanoTime();
            budget -= progress;
        }
        if (!rerunQueued) {
            rerunQueued = true;
            loop.execute(() -> {
                rerunQueued = false;
                run();
            });
        }
    }

    // ---- requests

    /** Reads client bytes into {@code req} while there is room. Returns bytes read, or -1 after an error. */
    private long readClient() {
        if (clientEof || !client.readable) return 0;
        int room = Math.min(SCRATCH_BYTES, maxRequestBuffer() - reqLen);
        if (room <= 0) return 0;
        long n = RawIo.recv(client.intValue(), scratch, room, LibC.MSG_DONTWAIT, st);
        if (n == -RawIo.EAGAIN) {
            client.readable = false;
            return 0;
        }
        if (n < 0) {
            finish(SpliceRelay.classify((int) -n));
            return -1;
        }
        if (n == 0) {
            clientEof = true;
            return 0;
        }
        client.readShort(n, room);
        byte[] b = new byte[(int) n];
        MemorySegment.copy(scratch, ValueLayout.JAVA_BYTE, 0, b, 0, (int) n);
        append(b, (int) n);
        return n;
    }

    private int maxRequestBuffer() { return requests.maxHeadBytes() + SCRATCH_BYTES; }

    private void append(byte[] b, int n) {
        if (reqLen + n > req.length) req = Arrays.copyOf(req, Math.max(req.length * 2, reqLen + n));
        System.arraycopy(b, 0, req, reqLen, n);
        reqLen += n;
    }

    private long request() {
        long read = readClient();
        if (read < 0) return -1;
        if (reqLen == 0) {
            if (clientEof) {
                finish(RelayOutcome.COMPLETED);
                return -1;
            }
            return read > 0 ? read : -1;
        }
        HeadParser.Result r = requests.parse(req, 0, reqLen);
        switch (r.outcome()) {
            case INCOMPLETE -> {
                if (clientEof || reqLen >= requests.maxHeadBytes()) return pin(); // the server answers what we cannot
                return read > 0 ? read : -1;
            }
            case COMPLETE -> { }
            default -> {
                return pin();
            }
        }
        RequestHead h = r.head();
        if (h.contentLength() != 0 || h.header("upgrade") != null || "CONNECT".equals(h.method())) {
            placement.answering(h);
            return pin();
        }
        if (!firstRequest) {
            Object target = placement.place(h);
            if (target != null) {
                moveTarget = target;
                moveSinceNanos = System.nanoTime();
                movePollMillis = 0;
                state = State.MOVING;
                tryMove();
                return -1;
            }
        }
        firstRequest = false;
        placement.answering(h);
        placement.serving();
        startRequest();
        toBackend = Arrays.copyOf(req, h.headLength());
        toBackendOff = 0;
        requestHead = "GET".equals(h.method()) && h.header("range") == null ? toBackend : null;
        consumeRequest(h.headLength());
        method = h.method();
        clientKeepAlive = h.keepAlive();
        acquireBackend();
        return 1;
    }

    private void consumeRequest(int n) {
        System.arraycopy(req, n, req, 0, reqLen - n);
        reqLen -= n;
    }

    /** From here the connection is an opaque tunnel to the backend: the buffered bytes go first. */
    private long pin() {
        firstRequest = false;
        toBackend = Arrays.copyOf(req, reqLen);
        toBackendOff = 0;
        reqLen = 0;
        method = null;
        pinnedPending = true;
        if (backend == null) acquireBackend();
        if (state == State.DONE) return -1;
        enterTunnel();
        return state == State.TUNNEL ? 1 : -1;
    }

    private void acquireBackend() {
        if (backend == null) {
            backend = pool.take(loop, this);
            backendReused = backend != null;
        }
        if (backend != null) {
            stats.countRequest(backendReused);
            state = State.SEND_REQUEST;
            return;
        }
        connect();
    }

    private void connect() {
        try {
            backend = new RelayFd(backendAddress.socket(), this);
            backendReused = false;
            backend.register(loop);
            int rc = backendAddress.connect(backend.intValue());
            if (rc == 0) {
                stats.countRequest(false);
                state = State.SEND_REQUEST;
                return;
            }
        } catch (SysException | java.io.UncheckedIOException e) {
            badGateway();
            return;
        }
        state = State.CONNECTING;
        cancelTimer();
        timer = loop.schedule(() -> {
            if (state == State.CONNECTING) {
                badGateway();
                run();
            }
        }, options.connectTimeoutMillis(), TimeUnit.MILLISECONDS);
    }

    private void checkConnect() {
        int err;
        try {
            err = LibC.getInt(backend.intValue(), LibC.SOL_SOCKET, RawIo.SO_ERROR);
        } catch (SysException e) {
            err = e.errno();
        }
        if (err != 0) {
            badGateway();
            return;
        }
        cancelTimer();
        scheduleIdleCheck(options.idleTimeoutMillis());
        stats.countRequest(false);
        state = State.SEND_REQUEST;
        if (pinnedPending) enterTunnel();
    }

    /** A pinned connection waits for its backend connection before it becomes a tunnel. */
    private boolean pinnedPending;

    private long sendRequest() {
        if (!backend.writable) return -1;
        int len = toBackend.length - toBackendOff;
        MemorySegment seg = copyIn(toBackend, toBackendOff, len);
        long n = RawIo.send(backend.intValue(), seg, len, SEND_FLAGS, st);
        if (n == -RawIo.EAGAIN) {
            backend.writable = false;
            return -1;
        }
        if (n < 0) return backendFailedBeforeResponse();
        stats.addClientToBackend(n);
        toBackendOff += (int) n;
        if (toBackendOff == toBackend.length) {
            respLen = 0;
            state = State.RESPONSE_HEAD;
            // the answer comes after the request, so it is a new edge: no read before it (unless the
            // server closed the connection, whose EOF is read now)
            if (!backend.peerClosed) backend.readable = false;
        }
        return n;
    }

    /** A pooled connection the server had closed: send the request once more on a new one. */
    private long backendFailedBeforeResponse() {
        if (backendReused && !retried && respLen == 0) {
            retried = true;
            backend.release();
            backend = null;
            toBackendOff = 0;
            connect();
            return 1;
        }
        if (respLen == 0 && outLen == 0) {
            badGateway();
            return 1; // on to LINGERING: send the 502
        }
        finish(RelayOutcome.RESET);
        return -1;
    }

    // ---- responses

    private long responseHead() {
        if (!flushOut()) return -1;
        if (!backend.readable) return -1;
        int room = resp.length - respLen;
        if (room == 0) {
            if (resp.length >= requests.maxHeadBytes() * 2) return badResponse();
            resp = Arrays.copyOf(resp, resp.length * 2);
            room = resp.length - respLen;
        }
        long n = RawIo.recv(backend.intValue(), scratch, Math.min(room, SCRATCH_BYTES), LibC.MSG_DONTWAIT, st);
        if (n == -RawIo.EAGAIN) {
            backend.readable = false;
            return -1;
        }
        if (n <= 0) return backendFailedBeforeResponse();
        backend.readShort(n, Math.min(room, SCRATCH_BYTES));
        MemorySegment.copy(scratch, ValueLayout.JAVA_BYTE, 0, resp, respLen, (int) n);
        respLen += (int) n;
        return parseResponse() ? n : -1;
    }

    /** Parses what {@code resp} holds; true when the relay may go on. */
    private boolean parseResponse() {
        ResponseParser.Result r = responses.parse(resp, 0, respLen, method);
        switch (r.outcome()) {
            case INCOMPLETE -> { return true; }
            case COMPLETE -> { }
            default -> {
                return badResponse() > 0;
            }
        }
        retried = false;
        int head = r.headLength();
        int extra = respLen - head;
        if (r.interim()) {
            queueOut(resp, 0, head);
            System.arraycopy(resp, head, resp, 0, extra);
            respLen = extra;
            return extra == 0 || parseResponse();
        }
        if (resuming == null) placement.responded(r.status()); // a continuation's head was counted where it started
        if (r.switchesProtocols()) {
            queueOut(resp, 0, respLen);
            respLen = 0;
            toBackend = new byte[0];
            toBackendOff = 0;
            enterTunnel();
            return true;
        }
        body = r.body();
        reusable = r.reusable();
        if (resuming != null) return continueResumed(r, head, extra);
        validator = null;
        if (body == ResponseParser.Body.LENGTH && r.status() == 200 && requestHead != null) {
            validator = RangeResume.validator(resp, head);
            bodyTotal = r.contentLength();
            partLength = r.contentLength();
            bodyBase = 0;
        }
        queueOut(resp, 0, head);
        switch (body) {
            case NONE -> {
                reusable &= extra == 0;
            }
            case LENGTH -> {
                int k = (int) Math.min(extra, r.contentLength());
                queueOut(resp, head, k);
                remaining = r.contentLength() - k;
                reusable &= extra == k;
            }
            case CHUNKED -> {
                chunked = new ChunkedBody();
                int k = chunked.advance(resp, head, extra);
                queueOut(resp, head, k);
                if (chunked.failed()) {
                    finish(RelayOutcome.IO_ERROR);
                    return false;
                }
                reusable &= extra == k;
            }
            case UNTIL_CLOSE -> {
                queueOut(resp, head, extra);
                clientKeepAlive = false; // only the close tells the client where the body ends
            }
        }
        respLen = 0;
        state = State.RESPONSE_BODY;
        return true;
    }

    /**
     * The local web server's answer to a continuation: exactly the rest (206, the expected Content-Range)
     * goes to the client without its head; anything else would corrupt the body the client is reading,
     * so the client's connection is closed (it sees a short body) and counted.
     */
    private boolean continueResumed(ResponseParser.Result r, int head, int extra) {
        Resume rs = resuming;
        resuming = null;
        if (body != ResponseParser.Body.LENGTH || !RangeResume.isRest(resp, head, r.status(), rs.offset(), rs.total())) {
            stats.countResumeFailed();
            finish(RelayOutcome.IO_ERROR);
            return false;
        }
        stats.countResumed();
        requestHead = rs.requestHead();
        validator = rs.validator();
        bodyTotal = rs.total();
        bodyBase = rs.offset();
        partLength = r.contentLength();
        int k = (int) Math.min(extra, r.contentLength());
        queueOut(resp, head, k);
        remaining = r.contentLength() - k;
        reusable &= extra == k;
        respLen = 0;
        state = State.RESPONSE_BODY;
        return true;
    }

    private long responseBody() {
        if (!flushOut()) return -1;
        if (inPipe > 0) return drainPipe();
        if (cutFor != null && body == ResponseParser.Body.LENGTH && remaining > 0) return cut();
        switch (body) {
            case NONE -> {
                return responseDone();
            }
            case LENGTH -> {
                if (remaining == 0) return responseDone();
                return fillPipe(remaining);
            }
            case CHUNKED -> {
                if (chunked.done()) return responseDone();
                if (chunked.payloadRemaining() > 0) return fillPipe(chunked.payloadRemaining());
                return chunkFraming();
            }
            default -> {
                return fillPipe(Long.MAX_VALUE);
            }
        }
    }

    /** backend → pipe, at most {@code cap} bytes. */
    private long fillPipe(long cap) {
        if (!backend.readable) return -1;
        long n = RawIo.splice(backend.intValue(), downPipe.fds()[1], Math.min(cap, downPipe.capacityBytes()), FLAGS, st);
        if (n == -RawIo.EAGAIN) {
            backend.readable = false;
            return -1;
        }
        if (n < 0) {
            finish(SpliceRelay.classify((int) -n));
            return -1;
        }
        if (n == 0) { // the server closed
            if (body == ResponseParser.Body.UNTIL_CLOSE) {
                reusable = false;
                return responseDone();
            }
            finish(RelayOutcome.RESET); // a body cut short: the client must not take it as whole
            return -1;
        }
        inPipe += n;
        if (body == ResponseParser.Body.LENGTH) remaining -= n;
        else if (body == ResponseParser.Body.CHUNKED) chunked.skipPayload(n);
        return n;
    }

    /** pipe → client. */
    private long drainPipe() {
        if (!client.writable) return -1;
        long n = RawIo.splice(downPipe.fds()[0], client.intValue(), inPipe, FLAGS, st);
        if (n == -RawIo.EAGAIN) {
            client.writable = false;
            return -1;
        }
        if (n <= 0) {
            finish(n == 0 ? RelayOutcome.IO_ERROR : SpliceRelay.classify((int) -n));
            return -1;
        }
        inPipe -= n;
        stats.addBackendToClient(n);
        return n;
    }

    /** Chunk-size lines and trailers through user space (and any payload that comes with them). */
    private long chunkFraming() {
        if (!backend.readable) return -1;
        long n = RawIo.recv(backend.intValue(), scratch, 4096, LibC.MSG_DONTWAIT, st);
        if (n == -RawIo.EAGAIN) {
            backend.readable = false;
            return -1;
        }
        if (n <= 0) {
            finish(n == 0 ? RelayOutcome.RESET : SpliceRelay.classify((int) -n));
            return -1;
        }
        backend.readShort(n, 4096);
        byte[] b = new byte[(int) n];
        MemorySegment.copy(scratch, ValueLayout.JAVA_BYTE, 0, b, 0, (int) n);
        int k = chunked.advance(b, 0, (int) n);
        if (chunked.failed()) {
            finish(RelayOutcome.IO_ERROR);
            return -1;
        }
        reusable &= k == n;
        queueOut(b, 0, k);
        return n;
    }

    /** The response went out whole (queued to the client's socket): next request, or close. */
    private long responseDone() {
        if (!flushOut() || inPipe > 0) return -1;
        endRequest();
        if (reusable) {
            pool.give(loop, backend);
        } else {
            backend.release();
        }
        backend = null;
        chunked = null;
        body = null;
        if (!clientKeepAlive) {
            startLinger();
            return 1;
        }
        state = State.REQUEST;
        placement.idle();
        Object asked = cutFor; // a cut asked for too late: the whole body went out, move as an idle connection
        cutFor = null;
        if (reqLen == 0) {
            Object t = asked != null ? asked : placement.leave();
            if (t != null && leaveNow(t)) return -1;
        }
        return 1;
    }

    /**
     * Moves the connection to {@code target} (a drain or a move): an idle one at once; one in the middle
     * of a response that another node can continue (a 200 GET with a length and a validator) at the
     * next point where every byte read from the server is in the client's socket. False otherwise.
     */
    private boolean leaveNow(Object target) {
        if (state == State.RESPONSE_BODY && body == ResponseParser.Body.LENGTH && (validator != null || remaining == 0)
                && cutFor == null && resuming == null) {
            cutFor = target; // cut where the pipe is empty, or, once the whole body is in the socket, move as idle
            loop.execute(this::run);
            return true;
        }
        if (state != State.REQUEST || reqLen != 0 || backend != null || outLen > 0 || inPipe > 0) return false;
        placement.leaving();
        moveTarget = target;
        moveSinceNanos = System.nanoTime();
        movePollMillis = 0;
        state = State.MOVING;
        tryMove();
        return true;
    }

    /** A response head the parser refuses: 502 when nothing of it reached the client yet. */
    private long badResponse() {
        if (outLen == 0) {
            badGateway();
            return 1;
        }
        finish(RelayOutcome.IO_ERROR);
        return -1;
    }

    // ---- moving to another node

    /** Stops relaying mid-body: what the client's socket holds is the offset another relay continues from. */
    private long cut() {
        cutResume = new Resume(requestHead, bodyBase + partLength - remaining, bodyTotal, validator);
        moveTarget = cutFor;
        cutFor = null;
        moveSinceNanos = System.nanoTime();
        movePollMillis = 0;
        placement.leaving();
        state = State.MOVING;
        tryMove();
        return -1;
    }

    private void tryMove() {
        if (state != State.MOVING) return;
        if (outLen > 0 || inPipe > 0 || !sendQueueEmpty()) {
            if (System.nanoTime() - moveSinceNanos > TimeUnit.MILLISECONDS.toNanos(MOVE_TIMEOUT_MILLIS)) {
                if (cutResume != null) { // the client does not take what it was sent: go on relaying the body here
                    cutResume = null;
                    moveTarget = null;
                    placement.serving();
                    state = State.RESPONSE_BODY;
                    run();
                    return;
                }
                // the client does not take its responses: serve the request here after all
                moveTarget = null;
                firstRequest = true;
                state = State.REQUEST;
                run();
                return;
            }
            movePollMillis = Math.min(MOVE_POLL_MAX_MILLIS, Math.max(1, movePollMillis * 2));
            loop.schedule(this::tryMove, movePollMillis, TimeUnit.MILLISECONDS);
            return;
        }
        endRequest(); // a cut response is in flight no more here: the next node counts it
        state = State.DONE;
        cancelTimer();
        client.detach();
        byte[] unread = Arrays.copyOf(req, reqLen);
        if (backend != null) {
            if (cutResume != null) backend.release(); // the rest of the body is still on it: never reused
            else pool.give(loop, backend);
        }
        backend = null;
        if (cutResume != null) {
            stats.countCut();
            placement.resumeWith(cutResume);
        }
        closePipes();
        stats.count(RelayOutcome.MOVED);
        done.trySuccess(RelayOutcome.MOVED);
        placement.move(moveTarget, client.intValue(), unread, moveSinceNanos);
    }

    private boolean sendQueueEmpty() {
        try {
            return LibC.ioctlInt(client.intValue(), LibC.SIOCOUTQ) == 0;
        } catch (SysException e) {
            return false;
        }
    }

    // ---- tunnel (pinned)

    private void enterTunnel() {
        if (backend == null || state == State.CONNECTING) {
            pinnedPending = true;
            return;
        }
        pinnedPending = false;
        try {
            upPipe = shared.takePipe(options.pipeSizeBytes());
        } catch (SysException e) {
            finish(RelayOutcome.IO_ERROR);
            return;
        }
        tunnelArena = Arena.ofConfined();
        MemorySegment upPrefix = toBackendOff < toBackend.length ? tunnelArena.allocate(toBackend.length - toBackendOff) : null;
        if (upPrefix != null) MemorySegment.copy(toBackend, toBackendOff, upPrefix, ValueLayout.JAVA_BYTE, 0, toBackend.length - toBackendOff);
        MemorySegment downPrefix = null;
        if (outLen > 0) {
            downPrefix = tunnelArena.allocate(outLen);
            MemorySegment.copy(out, outOff, downPrefix, ValueLayout.JAVA_BYTE, 0, outLen);
            outLen = 0;
        }
        tunnelUp = new SplicePump(client, backend, upPipe.fds(), upPipe.capacityBytes(), upPrefix, stats::addClientToBackend);
        tunnelDown = new SplicePump(backend, client, downPipe.fds(), downPipe.capacityBytes(), downPrefix, stats::addBackendToClient);
        state = State.TUNNEL;
        placement.tunnel();
    }

    private long tunnel() {
        long a = tunnelUp.pump(st);
        long b = tunnelDown.pump(st);
        long moved = tunnelUp.movedThisCall() + tunnelDown.movedThisCall();
        if (a < 0 || b < 0) {
            finish(SpliceRelay.classify((int) -Math.min(a, b)));
            return -1;
        }
        if (tunnelUp.finished() && tunnelDown.finished()) {
            finish(RelayOutcome.COMPLETED);
            return -1;
        }
        if (a == SplicePump.YIELD || b == SplicePump.YIELD) return Math.max(1, moved);
        return -1;
    }

    // ---- closing

    private boolean shutdownSent;

    /** Sends what is queued, half-closes, then discards the client's bytes until its EOF or the timeout. */
    private void startLinger() {
        state = State.LINGERING;
        cancelTimer();
        timer = loop.schedule(() -> finish(RelayOutcome.COMPLETED), BadGateway.LINGER_MILLIS, TimeUnit.MILLISECONDS);
    }

    private long linger() {
        if (!flushOut()) return -1;
        if (!shutdownSent) {
            RawIo.shutdown(client.intValue(), RawIo.SHUT_WR, st);
            shutdownSent = true;
        }
        while (client.readable) {
            long n = RawIo.recv(client.intValue(), scratch, SCRATCH_BYTES, LibC.MSG_DONTWAIT, st);
            if (n == -RawIo.EAGAIN) {
                client.readable = false;
                return -1;
            }
            discarded += Math.max(n, 0);
            if (n <= 0 || discarded > BadGateway.MAX_DISCARD_BYTES) {
                finish(RelayOutcome.COMPLETED);
                return -1;
            }
        }
        if (clientEof) finish(RelayOutcome.COMPLETED);
        return -1;
    }

    private void badGateway() {
        if (resuming != null) { // mid-body for the client: a 502 head would corrupt it, so close
            stats.countResumeFailed();
            resuming = null;
            finish(RelayOutcome.IO_ERROR);
            return;
        }
        if (backend != null) backend.release();
        backend = null;
        outLen = 0;
        queueOut(BadGateway.RESPONSE, 0, BadGateway.RESPONSE.length);
        placement.responded(502);
        clientKeepAlive = false;
        body = ResponseParser.Body.NONE;
        reusable = false;
        endingAs = RelayOutcome.BAD_GATEWAY;
        startLinger(); // run() sends it, half-closes and lingers
    }

    /** Set when the ending is decided before the relay finishes (a 502 still to send): what finish counts. */
    private RelayOutcome endingAs;

    private boolean requestInFlight;

    private void startRequest() {
        if (!requestInFlight) stats.requestStarted();
        requestInFlight = true;
    }

    private void endRequest() {
        if (requestInFlight) stats.requestEnded();
        requestInFlight = false;
    }

    private void finish(RelayOutcome outcome) {
        if (state == State.DONE) return;
        endRequest();
        state = State.DONE;
        cancelTimer();
        client.release();
        if (backend != null) backend.release();
        closePipes();
        RelayOutcome ending = endingAs != null ? endingAs : outcome;
        stats.count(ending);
        done.trySuccess(ending);
    }

    // ---- helpers

    private void queueOut(byte[] b, int off, int len) {
        if (len <= 0) return;
        if (outOff > 0) {
            System.arraycopy(out, outOff, out, 0, outLen);
            outOff = 0;
        }
        if (outLen + len > out.length) out = Arrays.copyOf(out, Math.max(out.length * 2, outLen + len));
        System.arraycopy(b, off, out, outLen, len);
        outLen += len;
    }

    /** Sends the queued user-space bytes; true when none are left. */
    private boolean flushOut() {
        while (outLen > 0) {
            if (!client.writable) return false;
            int len = Math.min(outLen, SCRATCH_BYTES);
            MemorySegment seg = copyIn(out, outOff, len);
            long n = RawIo.send(client.intValue(), seg, len, SEND_FLAGS, st);
            if (n == -RawIo.EAGAIN) {
                client.writable = false;
                return false;
            }
            if (n < 0) {
                finish(SpliceRelay.classify((int) -n));
                return false;
            }
            stats.addBackendToClient(n);
            outOff += (int) n;
            outLen -= (int) n;
        }
        outOff = 0;
        return true;
    }

    private MemorySegment copyIn(byte[] b, int off, int len) {
        MemorySegment.copy(b, off, scratch, ValueLayout.JAVA_BYTE, 0, Math.min(len, SCRATCH_BYTES));
        return scratch;
    }

    /** Gives the pipes back to the loop (kept only when empty) and frees a tunnel's prefixes. */
    private void closePipes() {
        boolean keep = !loop.isShuttingDown();
        for (LoopScratch.Pipe p : new LoopScratch.Pipe[] {upPipe, downPipe}) {
            if (p == null) continue;
            if (keep) shared.givePipe(p);
            else shared.close(p);
        }
        upPipe = null;
        downPipe = null;
        if (tunnelArena != null) tunnelArena.close();
        tunnelArena = null;
    }

    private void cancelTimer() {
        if (timer != null) timer.cancel(false);
        timer = null;
    }

    private void scheduleIdleCheck(long delayMillis) {
        if (options.idleTimeoutMillis() <= 0) return;
        cancelTimer();
        timer = loop.schedule(() -> {
            if (state == State.DONE || state == State.LINGERING || state == State.CONNECTING) return;
            long idleMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastActivityNanos);
            if (idleMillis >= options.idleTimeoutMillis()) {
                finish(RelayOutcome.IDLE_TIMEOUT);
            } else {
                scheduleIdleCheck(options.idleTimeoutMillis() - idleMillis);
            }
        }, delayMillis, TimeUnit.MILLISECONDS);
    }
}
