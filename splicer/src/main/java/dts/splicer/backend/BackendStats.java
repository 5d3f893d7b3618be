package dts.splicer.backend;

import io.netty.handler.codec.http.HttpResponseStatus;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one embedded static backend, shared by all its connections and event loops.
 * Every outcome of the data path is a counter here; nothing throws.
 */
public final class BackendStats {
    private final LongAdder requests = new LongAdder();
    private final LongAdder responses2xx = new LongAdder();
    private final LongAdder responses3xx = new LongAdder();
    private final LongAdder responses4xx = new LongAdder();
    private final LongAdder responses5xx = new LongAdder();
    private final LongAdder bytesSent = new LongAdder();
    private final LongAdder badRequests = new LongAdder();
    private final LongAdder idleTimeouts = new LongAdder();

    /** Request heads received, malformed ones included. */
    public long requests() { return requests.sum(); }

    public long responses2xx() { return responses2xx.sum(); }

    public long responses3xx() { return responses3xx.sum(); }

    public long responses4xx() { return responses4xx.sum(); }

    public long responses5xx() { return responses5xx.sum(); }

    /** Bytes written to clients (headers and bodies), counted when the write completed. */
    public long bytesSent() { return bytesSent.sum(); }

    /** Requests answered 400 (malformed), 413 (body too large) or 431 (head too large). */
    public long badRequests() { return badRequests.sum(); }

    /** Connections closed by the idle timeout. */
    public long idleTimeouts() { return idleTimeouts.sum(); }

    void countRequest() { requests.increment(); }

    void countResponse(HttpResponseStatus status) {
        switch (status.code() / 100) {
            case 2 -> responses2xx.increment();
            case 3 -> responses3xx.increment();
            case 4 -> responses4xx.increment();
            case 5 -> responses5xx.increment();
            default -> { }
        }
    }

    void countBytesSent(long bytes) { bytesSent.add(bytes); }

    void countBadRequest() { badRequests.increment(); }

    void countIdleTimeout() { idleTimeouts.increment(); }

    @Override public String toString() {
        return "requests=" + requests() + " 2xx=" + responses2xx() + " 3xx=" + responses3xx()
                + " 4xx=" + responses4xx() + " 5xx=" + responses5xx() + " bytesSent=" + bytesSent()
                + " badRequests=" + badRequests() + " idleTimeouts=" + idleTimeouts();
    }
}
