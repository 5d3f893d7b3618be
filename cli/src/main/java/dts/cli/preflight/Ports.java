package dts.cli.preflight;

import dts.config.ClusterConfig;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** The ports the node listens on are free: the service port on every address, control and admin on its own. */
final class Ports {
    private Ports() {}

    static Check check(ClusterConfig c, InetAddress self, boolean selfIsLocal) {
        List<String> taken = new ArrayList<>();
        if (!free(new InetSocketAddress("0.0.0.0", c.port()))) taken.add(String.valueOf(c.port()));
        if (selfIsLocal) {
            for (int port : new int[] {c.controlPort(), c.adminPort()}) {
                if (!free(new InetSocketAddress(self, port))) taken.add(self.getHostAddress() + ":" + port);
            }
        }
        String all = c.port() + (selfIsLocal ? ", " + self.getHostAddress() + ":" + c.controlPort() + " and :" + c.adminPort() : "");
        if (taken.isEmpty()) return Check.ok("ports", all + " free");
        return Check.missing("ports", String.join(", ", taken) + " in use (ss -ltnp shows by whom: a node already running,"
                + " or a web server on port " + c.port() + ": move it, e.g. to 127.0.0.1:8080, as the node's backend)");
    }

    private static boolean free(InetSocketAddress address) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true); // as the node binds: a socket in TIME_WAIT is no obstacle
            s.bind(address);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
