package dts.inspector.route;

import java.util.concurrent.atomic.AtomicLong;

import dts.inspector.http.RequestHead;

/** Each live member in turn (pool order), one counter per pool shared by all threads. */
final class RoundRobinPlacement implements Placement {
    private final AtomicLong next = new AtomicLong();

    @Override
    public String place(LiveSet live, RequestHead head, String clientAddress, LoadView load) {
        return live.node(Math.floorMod(next.getAndIncrement(), live.size()));
    }
}
