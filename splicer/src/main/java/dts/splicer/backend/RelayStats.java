package dts.splicer.backend;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Counters of the backend relay, shared by all relayed connections and event loops. */
public final class RelayStats {
    private final LongAdder connections = new LongAdder();
    private final LongAdder bytesClientToBackend = new LongAdder();
    private final LongAdder bytesBackendToClient = new LongAdder();
    private final Map<RelayOutcome, LongAdder> outcomes = new EnumMap<>(RelayOutcome.class);
    private final LongAdder requests = new LongAdder();
    private final LongAdder backendReuses = new LongAdder();
    private final LongAdder inFlight = new LongAdder();
    private final LongAdder cut = new LongAdder();
    private final LongAdder resumed = new LongAdder();
    private final LongAdder resumeFailed = new LongAdder();

    public RelayStats() {
        for (RelayOutcome o : RelayOutcome.values()) outcomes.put(o, new LongAdder());
    }

    /** Relays started. */
    public long connections() { return connections.sum(); }

    /** Bytes moved client → backend, the prefix included. */
    public long bytesClientToBackend() { return bytesClientToBackend.sum(); }

    /** Bytes moved backend → client (a 502 answer included). */
    public long bytesBackendToClient() { return bytesBackendToClient.sum(); }

    /** Relays that ended with this outcome. */
    public long outcomes(RelayOutcome outcome) { return outcomes.get(outcome).sum(); }

    /** Relays that ended with anything but COMPLETED. */
    public long errors() {
        long sum = 0;
        for (RelayOutcome o : RelayOutcome.values()) if (o != RelayOutcome.COMPLETED && o != RelayOutcome.MOVED) sum += outcomes(o);
        return sum;
    }

    void countConnection() { connections.increment(); }

    /** Requests forwarded one by one by the HTTP relay. */
    public long requests() { return requests.sum(); }

    /** Requests sent on a pooled backend connection instead of a new one. */
    public long backendReuses() { return backendReuses.sum(); }

    /** Requests sent to the backend whose response has not been relayed whole yet: the node's load. */
    public long inFlightRequests() { return inFlight.sum(); }

    /** Responses cut mid-body to move their connection (a drain). */
    public long responsesCut() { return cut.sum(); }

    /** Responses continued here from the byte another node cut them at (206 to {@code Range} + {@code If-Range}). */
    public long responsesResumed() { return resumed.sum(); }

    /** Continuations the local web server did not answer with exactly the rest (the client's connection was closed). */
    public long resumesFailed() { return resumeFailed.sum(); }

    void countCut() { cut.increment(); }

    void countResumed() { resumed.increment(); }

    void countResumeFailed() { resumeFailed.increment(); }

    void requestStarted() { inFlight.increment(); }

    void requestEnded() { inFlight.decrement(); }

    void countRequest(boolean reused) {
        requests.increment();
        if (reused) backendReuses.increment();
    }

    void addClientToBackend(long bytes) { bytesClientToBackend.add(bytes); }

    void addBackendToClient(long bytes) { bytesBackendToClient.add(bytes); }

    void count(RelayOutcome outcome) { outcomes.get(outcome).increment(); }

    @Override public String toString() {
        StringBuilder b = new StringBuilder("connections=").append(connections())
                .append(" requests=").append(requests()).append(" reused=").append(backendReuses())
                .append(" c2b=").append(bytesClientToBackend()).append(" b2c=").append(bytesBackendToClient());
        for (RelayOutcome o : RelayOutcome.values()) b.append(' ').append(o).append('=').append(outcomes(o));
        return b.toString();
    }
}
