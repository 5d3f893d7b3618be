package dts.harness.bench;

import dts.harness.HarnessException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The systems one benchmark run compares, all on the same per-node nginx backends and resource model:
 * DTS with two placement policies, the two single front-end proxies users would pick instead, and the
 * client talking to one node's nginx with nothing in between.
 */
public enum SystemName {
    /** DTS, pool policy locality (bounded-load consistent hash of the path). */
    DTS_LOCALITY("dts-locality"),
    /** DTS, pool policy round-robin: no locality. */
    DTS_RR("dts-rr"),
    /** HAProxy as the one front end (own namespace, one node's CPU quota): balance uri, consistent hash, splice. */
    HAPROXY("haproxy"),
    /** nginx as the one reverse proxy (own namespace, one node's CPU quota): hash $request_uri consistent. */
    NGINX_PROXY("nginx-proxy"),
    /** One node, no daemon: the client connects straight to its nginx (the floor for per-request cost). */
    DIRECT("direct");

    private final String label;

    SystemName(String label) {
        this.label = label;
    }

    public String label() { return label; }

    public boolean isDts() { return this == DTS_LOCALITY || this == DTS_RR; }

    public boolean isProxy() { return this == HAPROXY || this == NGINX_PROXY; }

    public static SystemName of(String label) {
        for (SystemName s : values()) if (s.label.equals(label.strip())) return s;
        throw new HarnessException("systems: '" + label + "' (expected: one of " + allLabels() + ")");
    }

    /** {@code "dts-locality,haproxy"} → in the given order, no duplicates. */
    public static List<SystemName> parseList(String commaSeparated) {
        List<SystemName> out = new ArrayList<>();
        for (String s : commaSeparated.split(",")) {
            if (s.isBlank()) continue;
            SystemName n = of(s);
            if (out.contains(n)) throw new HarnessException("systems: '" + s.strip() + "' listed twice");
            out.add(n);
        }
        if (out.isEmpty()) throw new HarnessException("systems: '" + commaSeparated + "' (expected: at least one of " + allLabels() + ")");
        return List.copyOf(out);
    }

    public static String allLabels() {
        return Arrays.stream(values()).map(SystemName::label).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() { return label; }
}
