package dts.inspector.route;

import dts.hashring.Keys;
import dts.inspector.http.RequestHead;

/**
 * Sticky by client: the client address's first choice in rendezvous order over the live members,
 * so a client keeps its node while that node lives, and only the clients of a node that leaves move.
 */
final class ClientHashPlacement implements Placement {

    @Override
    public String place(LiveSet live, RequestHead head, String clientAddress, LoadView load) {
        return live.pick(Keys.hash(clientAddress == null ? "" : clientAddress), 0);
    }
}
