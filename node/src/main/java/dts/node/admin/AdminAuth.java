package dts.node.admin;

import dts.config.ClusterKey;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Proof of the cluster key for admin requests that change state: header
 * {@code X-DTS-Auth: <unix seconds>:<hex HMAC-SHA256(admin key, "METHOD PATH SECONDS")>}, accepted within
 * {@link #MAX_SKEW_SECONDS} of the node's clock and compared in constant time. The admin key is the
 * cluster key's {@code dts/admin/hmac} derivation. Reads (status, metrics) need no proof.
 */
public final class AdminAuth {
    public static final String HEADER = "X-DTS-Auth";
    public static final long MAX_SKEW_SECONDS = 30;
    private final byte[] key;

    public AdminAuth(ClusterKey clusterKey) { this.key = clusterKey.derive("dts/admin/hmac"); }

    /** The header value for {@code method path} at {@code epochSeconds}. */
    public String sign(String method, String path, long epochSeconds) {
        return epochSeconds + ":" + HexFormat.of().formatHex(mac(method, path, epochSeconds));
    }

    /** True when {@code header} proves the key for this request and is fresh at {@code nowSeconds}. */
    public boolean verify(String method, String path, String header, long nowSeconds) {
        if (header == null) return false;
        int colon = header.indexOf(':');
        if (colon <= 0 || header.length() - colon - 1 != 64) return false;
        try {
            long ts = Long.parseLong(header.substring(0, colon));
            byte[] given = HexFormat.of().parseHex(header.substring(colon + 1));
            return Math.abs(nowSeconds - ts) <= MAX_SKEW_SECONDS && MessageDigest.isEqual(mac(method, path, ts), given);
        } catch (IllegalArgumentException e) { // not a number, not hex
            return false;
        }
    }

    private byte[] mac(String method, String path, long seconds) {
        return ClusterKey.hmac(key, (method + " " + path + " " + seconds).getBytes(StandardCharsets.UTF_8));
    }
}
