package dts.node.cluster;

import dts.config.ClusterKey;
import org.jgroups.JChannel;
import org.jgroups.protocols.AUTH;
import org.jgroups.protocols.TP;
import org.jgroups.protocols.FD_ALL3;
import org.jgroups.protocols.FD_SOCK2;
import org.jgroups.protocols.FRAG4;
import org.jgroups.protocols.MERGE3;
import org.jgroups.protocols.MFC;
import org.jgroups.protocols.SYM_ENCRYPT;
import org.jgroups.protocols.TCP;
import org.jgroups.protocols.TCPPING;
import org.jgroups.protocols.UNICAST3;
import org.jgroups.protocols.VERIFY_SUSPECT2;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.protocols.pbcast.NAKACK2;
import org.jgroups.protocols.pbcast.STABLE;
import org.jgroups.stack.Protocol;

import javax.crypto.spec.SecretKeySpec;
import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.List;

/**
 * The JGroups protocol stack of the membership channel, built in code rather than from an XML file:
 * the bind address, the initial hosts and the secret key come from the DTS config and the key file,
 * and the timings below are the product's contract (a killed node leaves the view within 1 s, a hung
 * or cut-off one within 3 s), so they live next to the reasons for them and cannot be overridden by a
 * stray file on the class path.
 *
 * <p>Security: SYM_ENCRYPT sits right above the transport, so every message with a payload (discovery,
 * merge, view, join) is AES-CBC encrypted with a key derived from the cluster key; a node with another
 * key cannot decrypt or produce them. JGroups sends header-only messages (heartbeats) unencrypted and
 * accepts them by key version, so AUTH adds proof of the key where it matters: every JOIN and MERGE
 * request and response carries an {@link HmacToken} bound to its sender and time.
 */
final class GroupStack {
    /** FD_SOCK2 listens on the membership port plus this (JGroups' default offset). */
    static final int FD_PORT_OFFSET = 100;
    /** A join that finds no coordinator within this forms a singleton view (MERGE3 merges it later). */
    static final long JOIN_TIMEOUT_MILLIS = 1_000;
    /** Hung-node detection: no heartbeat for this long suspects a member (FD_ALL3). */
    static final long HEARTBEAT_TIMEOUT_MILLIS = 1_200;
    static final long HEARTBEAT_INTERVAL_MILLIS = 300;
    /** A suspect is asked once more before it is excluded (VERIFY_SUSPECT2). */
    static final long VERIFY_TIMEOUT_MILLIS = 400;
    /** How often subgroups look for each other to merge (MERGE3, randomized between the two). */
    static final long MERGE_MIN_MILLIS = 1_000;
    static final long MERGE_MAX_MILLIS = 2_500;

    private GroupStack() {}

    /** The channel on these protocols, without JGroups' probe (an unauthenticated multicast socket). */
    static JChannel channel(InetSocketAddress self, Collection<InetSocketAddress> initialHosts, ClusterKey key) throws Exception {
        JChannel ch = new JChannel(protocols(self, initialHosts, key)); // init()s the stack: the handler exists now
        ((TP) ch.getProtocolStack().getTransport()).getDiagnosticsHandler().setEnabled(false);
        return ch;
    }

    /** Bottom-up, as JChannel takes them. */
    private static List<Protocol> protocols(InetSocketAddress self, Collection<InetSocketAddress> initialHosts, ClusterKey key)
            throws Exception {
        TCP tcp = new TCP().setBindAddr(self.getAddress()).setBindPort(self.getPort()).setPortRange(0);
        tcp.setSockConnTimeout(300);
        SYM_ENCRYPT encrypt = new SYM_ENCRYPT().symAlgorithm("AES/CBC/PKCS5Padding").symIvLength(16);
        encrypt.setSecretKey(new SecretKeySpec(key.derive("dts/membership/aes"), "AES"));
        HmacToken token = new HmacToken(key.derive("dts/membership/auth"));
        AUTH auth = new AUTH().setAuthToken(token);
        token.setAuth(auth);
        return List.of(tcp,
                encrypt,
                new TCPPING().setInitialHosts(List.copyOf(initialHosts)).setPortRange(0),
                new MERGE3().setMinInterval(MERGE_MIN_MILLIS).setMaxInterval(MERGE_MAX_MILLIS),
                new FD_SOCK2().setBindAddress(self.getAddress()).setPortRange(0),
                new FD_ALL3().setTimeout(HEARTBEAT_TIMEOUT_MILLIS).setInterval(HEARTBEAT_INTERVAL_MILLIS),
                new VERIFY_SUSPECT2().setTimeout(VERIFY_TIMEOUT_MILLIS),
                new NAKACK2(),
                new UNICAST3(),
                new STABLE(),
                auth,
                new GMS().setJoinTimeout(JOIN_TIMEOUT_MILLIS).setMaxJoinAttempts(2).setViewAckCollectionTimeout(500)
                        .setLeaveTimeout(500).printLocalAddress(false), // Membership logs each view
                new MFC(),
                new FRAG4());
    }
}
