package dts.node.cluster;

import dts.config.ClusterKey;
import org.jgroups.Address;
import org.jgroups.Message;
import org.jgroups.auth.AuthToken;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * JGroups AUTH token proving the cluster key: HMAC-SHA256(key, sender address, send time). A coordinator
 * admits a JOIN or MERGE only with a token made for that sender within {@link #MAX_SKEW_MILLIS}; the
 * key itself never travels. Received tokens carry only the time and the MAC (JGroups creates them with
 * the public no-argument constructor).
 */
public final class HmacToken extends AuthToken {
    static final long MAX_SKEW_MILLIS = 30_000;
    private static final int MAC_BYTES = 32;
    private final byte[] key;
    private long sentMillis;
    private byte[] mac = new byte[MAC_BYTES];

    public HmacToken() { this.key = null; }

    HmacToken(byte[] key) { this.key = key; }

    /** A token as {@code sender} would send it at {@code millis} (tests). */
    static HmacToken signed(byte[] key, Address sender, long millis) {
        HmacToken t = new HmacToken();
        t.sentMillis = millis;
        t.mac = mac(key, sender, millis);
        return t;
    }

    @Override public String getName() { return HmacToken.class.getName(); }

    @Override public int size() { return Long.BYTES + MAC_BYTES; }

    @Override
    public boolean authenticate(AuthToken token, Message msg) {
        // a message this member sent itself (a merge leader's own request) comes back through loopback
        // unserialized, carrying this very token object: it never left the process
        if (token == this && key != null) return true;
        if (key == null || !(token instanceof HmacToken t) || msg.src() == null) return false;
        if (Math.abs(System.currentTimeMillis() - t.sentMillis) > MAX_SKEW_MILLIS) return false;
        return MessageDigest.isEqual(mac(key, msg.src(), t.sentMillis), t.mac);
    }

    @Override
    public void writeTo(DataOutput out) throws IOException {
        if (key != null && auth != null && auth.getAddress() != null) {
            sentMillis = System.currentTimeMillis();
            mac = mac(key, auth.getAddress(), sentMillis);
        }
        out.writeLong(sentMillis);
        out.write(mac);
    }

    @Override
    public void readFrom(DataInput in) throws IOException {
        sentMillis = in.readLong();
        in.readFully(mac);
    }

    private static byte[] mac(byte[] key, Address sender, long millis) {
        byte[] who = sender.toString().getBytes(StandardCharsets.UTF_8);
        if (sender instanceof org.jgroups.util.UUID u) who = u.toStringLong().getBytes(StandardCharsets.UTF_8);
        return ClusterKey.hmac(key, who, ByteBuffer.allocate(Long.BYTES).putLong(millis).array());
    }

    @Override public String toString() { return "HmacToken[" + sentMillis + "]"; }
}
