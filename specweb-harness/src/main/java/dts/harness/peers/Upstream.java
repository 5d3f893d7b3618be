package dts.harness.peers;

import dts.harness.Check;

/** One backend a peer proxy forwards to: a node's internal address and backend port. */
public record Upstream(String name, String host, int port) {
    public Upstream {
        Check.notBlank("name", name);
        if (!name.matches("[A-Za-z0-9_.-]+")) throw new dts.harness.HarnessException("name: '" + name + "' (expected: [A-Za-z0-9_.-]+)");
        Check.notBlank("host", host);
        Check.atLeast("port", port, 1);
        if (port > 65535) throw new dts.harness.HarnessException("port: " + port + " (expected: <= 65535)");
    }

    public String address() {
        return host + ":" + port;
    }
}
