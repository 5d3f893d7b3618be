package dts.node.admin;

import dts.config.ClusterKey;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Proof of the cluster key for admin requests that change state: header
 * {@code X-DTS-Auth: <unix seconds>:<nonce, 16 hex digits>:<hex HMAC-SHA256(admin key, "METHOD PATH SECONDS NONCE")>},
 * accepted within {@link #MAX_SKEW_SECONDS} of the node's clock, compared in constant time, and only once:
 * a nonce seen within the window is refused (a captured header cannot be replayed). At most
 * {@link #MAX_NONCES} nonces are remembered; beyond that, proofs are refused until old ones age out.
 * The admin key is the cluster key's {@code dts/admin/hmac} derivation. Reads (status, metrics) need no proof.
 */
public final class AdminAuth {
    public static final String HEADER = "X-DTS-Auth";
    public static final long MAX_SKEW_SECONDS = 30;
    static final int MAX_NONCES = 10_000;
    private static final int NONCE_HEX = 16;
    private static final SecureRandom RANDOM = new SecureRandom();
    private final byte[] key;
    private final ConcurrentHashMap<String, Long> seen = new ConcurrentHashMap<>(); // nonce -> its seconds

    public AdminAuth(ClusterKey clusterKey) { this.key = clusterKey.derive("dts/admin/hmac"); }

    /** The header value for {@code method path} at {@code epochSeconds}, with a fresh nonce. */
    public String sign(String method, String path, long epochSeconds) {
        byte[] n = new byte[NONCE_HEX / 2];
        RANDOM.nextBytes(n);
        String nonce = HexFormat.of().formatHex(n);
        return epochSeconds + ":" + nonce + ":" + HexFormat.of().formatHex(mac(method, path, epochSeconds, nonce));
    }

    /** True when {@code header} proves the key for this request, is fresh at {@code nowSeconds} and was never used before. */
    public boolean verify(String method, String path, String header, long nowSeconds) {
        if (header == null) return false;
        String[] p = header.split(":", -1);
        if (p.length != 3 || p[1].length() != NONCE_HEX || p[2].length() != 64) return false;
        try {
            long ts = Long.parseLong(p[0]);
            HexFormat.of().parseHex(p[1]);
            byte[] given = HexFormat.of().parseHex(p[2]);
            if (Math.abs(nowSeconds - ts) > MAX_SKEW_SECONDS || !MessageDigest.isEqual(mac(method, path, ts, p[1]), given)) return false;
        } catch (IllegalArgumentException e) { // not a number, not hex
            return false;
        }
        return firstUse(p[1], nowSeconds);
    }

    private boolean firstUse(String nonce, long nowSeconds) {
        if (seen.size() >= MAX_NONCES) seen.values().removeIf(s -> nowSeconds - s > 2 * MAX_SKEW_SECONDS);
        if (seen.size() >= MAX_NONCES) return false;
        return seen.putIfAbsent(nonce, nowSeconds) == null;
    }

    private byte[] mac(String method, String path, long seconds, String nonce) {
        return ClusterKey.hmac(key, (method + " " + path + " " + seconds + " " + nonce).getBytes(StandardCharsets.UTF_8));
    }
}
