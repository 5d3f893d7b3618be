package dts.node.admin;

import java.net.InetSocketAddress;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Whom {@code GET /cluster} asks: this node's id and the admin address of every configured node
 * (this one included, in config order; its own status is read directly, not over the network).
 */
public record ClusterNodes(String selfId, Map<String, InetSocketAddress> adminAddresses) {
    public ClusterNodes {
        Objects.requireNonNull(selfId, "selfId");
        adminAddresses = Collections.unmodifiableMap(new LinkedHashMap<>(adminAddresses)); // keeps config order
    }
}
