package dts.harness.bench;

import dts.harness.HarnessException;
import dts.harness.peers.HaproxyConfig;
import dts.harness.peers.NginxProxyConfig;
import dts.harness.peers.Upstream;
import dts.testbed.Testbed;
import dts.testbed.TestbedNames;
import dts.splicer.sys.Netns;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts the peers' single front end (HAProxy or nginx) in the testbed's front namespace, in front of
 * every node's nginx (internal address, port 8080), and waits until it accepts connections.
 */
final class FrontProxy {
    static final int PORT = 80;
    /** Client connections the proxy accepts. HAProxy needs about 2 × this + 4,500 descriptors and refuses
     *  to start above the hard limit (20,000 here); nginx asks for 2 × this + 64. */
    static final int MAX_CONNECTIONS = 7_000;
    private static final long WAIT_MILLIS = 10_000;

    private FrontProxy() {}

    static Process start(Testbed tb, SystemName system) {
        List<Upstream> upstreams = new ArrayList<>();
        for (var n : tb.nodes()) upstreams.add(new Upstream(n.id(), n.internalAddress(), TestbedNames.NGINX_PORT));
        Path dir = tb.frontDir();
        try {
            Files.createDirectories(dir);
            Process p = switch (system) {
                case HAPROXY -> tb.startFront(haproxy(dir, upstreams));
                case NGINX_PROXY -> tb.startFront(nginx(dir, upstreams));
                default -> throw new HarnessException("system: " + system + " (expected: a front-end proxy)");
            };
            awaitListening(p, system, tb.frontLog());
            return p;
        } catch (IOException e) {
            throw new HarnessException(system + ": cannot write its config in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static List<String> haproxy(Path dir, List<Upstream> upstreams) throws IOException {
        Path cfg = dir.resolve("haproxy.cfg");
        Files.writeString(cfg, new HaproxyConfig(TestbedNames.FRONT_ADDR, PORT, upstreams, 1, MAX_CONNECTIONS,
                5_000, 600_000, 75_000).render());
        return List.of(tool("haproxy", "haproxy"), "-db", "-f", cfg.toString());
    }

    private static List<String> nginx(Path dir, List<Upstream> upstreams) throws IOException {
        NginxProxyConfig c = new NginxProxyConfig(TestbedNames.FRONT_ADDR, PORT, upstreams, true, 1, MAX_CONNECTIONS, 256, dir);
        for (String t : List.of("client_body", "proxy", "fastcgi", "uwsgi", "scgi")) Files.createDirectories(dir.resolve(t));
        Path cfg = dir.resolve("nginx.conf");
        Files.writeString(cfg, c.render());
        return List.of(tool("nginx", "nginx-light"), "-p", dir + "/", "-c", cfg.toString(), "-e", dir.resolve("error.log").toString());
    }

    private static String tool(String name, String debianPackage) {
        for (String d : List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin")) {
            Path p = Path.of(d, name);
            if (Files.isExecutable(p)) return p.toString();
        }
        throw new HarnessException(name + " not found (install Debian package " + debianPackage + ")");
    }

    private static void awaitListening(Process p, SystemName system, Path log) {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (!listening()) {
            if (!p.isAlive() || System.currentTimeMillis() > deadline) {
                throw new HarnessException(system + " is not listening on " + TestbedNames.FRONT_ADDR + ":" + PORT + "; " + log + ":\n" + tail(log));
            }
            sleep();
        }
    }

    private static boolean listening() {
        return Netns.call(TestbedNames.FRONT_NS, () -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(TestbedNames.FRONT_ADDR, PORT), 200);
                return true;
            } catch (IOException e) {
                return false;
            }
        });
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HarnessException("interrupted");
        }
    }
}
