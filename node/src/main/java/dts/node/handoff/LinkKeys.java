package dts.node.handoff;

import dts.config.ClusterKey;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * The keys of one control link. The connecting side (client) and the accepting side (server) each
 * send a fresh 32-byte nonce first; each direction then has its own MAC key,
 * HMAC(control key, "c2s"|"s2c", client nonce, server nonce), so frames recorded on one connection, or
 * sent the other way, never verify elsewhere. The control key is the cluster key's
 * {@code dts/control/hmac} derivation.
 */
public final class LinkKeys {
    public static final int NONCE_BYTES = 32;
    public static final int MAC_BYTES = 32;
    /** The handshake frame: [u8 version][nonce]. */
    public static final int VERSION = 1;
    private static final SecureRandom RANDOM = new SecureRandom();
    private final byte[] controlKey;

    public LinkKeys(ClusterKey key) { this(key.derive("dts/control/hmac")); }

    LinkKeys(byte[] controlKey) { this.controlKey = controlKey.clone(); }

    public static byte[] nonce() {
        byte[] n = new byte[NONCE_BYTES];
        RANDOM.nextBytes(n);
        return n;
    }

    /** The MAC key of frames sent by the client ({@code fromClient}) or by the server. */
    public byte[] direction(boolean fromClient, byte[] clientNonce, byte[] serverNonce) {
        byte[] label = (fromClient ? "c2s" : "s2c").getBytes(StandardCharsets.US_ASCII);
        return ClusterKey.hmac(controlKey, label, clientNonce, serverNonce);
    }
}
