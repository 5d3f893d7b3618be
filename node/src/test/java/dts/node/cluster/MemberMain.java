package dts.node.cluster;

import dts.config.ClusterKey;
import dts.node.handoff.PeerLoads;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;

/**
 * A TEST member in its own JVM (to be killed or frozen, or to stand for a node whose daemon a test
 * double replaces): {@code MemberMain SELF KEYHEX id=port... | id=address:port...} (a bare port is on
 * 127.0.0.1). Prints "joined" once it has a view, then runs until killed.
 */
public final class MemberMain {
    public static void main(String[] args) throws Exception {
        Map<String, InetSocketAddress> endpoints = new LinkedHashMap<>();
        for (int i = 2; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            int colon = kv[1].lastIndexOf(':');
            InetAddress host = colon < 0 ? InetAddress.getLoopbackAddress() : InetAddress.getByName(kv[1].substring(0, colon));
            endpoints.put(kv[0], new InetSocketAddress(host, Integer.parseInt(kv[1].substring(colon + 1))));
        }
        Membership m = new Membership(args[0], endpoints, Group.BUCKETS, dts.node.cluster.FlowOwnership.NONE, () -> 0, new PeerLoads(), Set.of());
        m.start(ClusterKey.ofHex(args[1]), Executors.newSingleThreadScheduledExecutor());
        System.out.println("joined");
        Thread.sleep(Long.MAX_VALUE);
    }
}
