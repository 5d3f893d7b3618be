package dts.testbed;

import dts.splicer.sys.Netns;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;

import static dts.testbed.TestbedNames.NGINX_PORT;

/**
 * An nginx per node namespace on 127.0.0.1:8080 (or 0.0.0.0:8080, for a front proxy in another
 * namespace) and on the Unix socket stateDir/nodeI/nginx/nginx.sock (the daemon's way in with
 * {@code Testbed.Backend.NGINX_UNIX}) serving that node's docroot: one worker, sendfile,
 * keep-alive, no access log, every path (pid, temp, error log) under stateDir/nodeI/nginx.
 */
final class NginxBackend {
    static final String URL = "http://127.0.0.1:" + NGINX_PORT;

    private NginxBackend() {}

    static String conf(Path dir, Path docroot, boolean allAddresses) {
        return conf(dir, docroot, allAddresses, false, "node");
    }

    /** nginx.conf; every response names the node that served it ({@code X-DTS-Node}), as the embedded backend's do. */
    static String conf(Path dir, Path docroot, boolean allAddresses, boolean aioThreads, String nodeId) {
        String d = dir.toAbsolutePath().toString();
        return """
                daemon off;
                master_process on;
                user root;
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events { worker_connections 4096; }
                http {
                  access_log off;
                  sendfile on;%5$s
                  tcp_nopush on;
                  tcp_nodelay on;
                  keepalive_timeout 65;
                  keepalive_requests 100000;
                  client_body_temp_path %1$s/tmp/client_body;
                  proxy_temp_path %1$s/tmp/proxy;
                  fastcgi_temp_path %1$s/tmp/fastcgi;
                  uwsgi_temp_path %1$s/tmp/uwsgi;
                  scgi_temp_path %1$s/tmp/scgi;
                  types { text/html html htm; text/plain txt; application/octet-stream bin; }
                  default_type application/octet-stream;
                  server {
                    listen %4$s:%2$d reuseport backlog=4096;
                    listen unix:%7$s backlog=4096;
                    root %3$s;
                    add_header X-DTS-Node %6$s always;
                    location / { }
                  }
                }
                """.formatted(d, NGINX_PORT, docroot.toAbsolutePath(), allAddresses ? "0.0.0.0" : "127.0.0.1",
                aioThreads ? "\n                  aio threads;" : "", nodeId, socket(dir));
    }

    /** nginx's Unix socket in {@code dir}. */
    static Path socket(Path dir) { return dir.toAbsolutePath().resolve("nginx.sock"); }

    /**
     * Removes a socket file left by an nginx that was killed (a graceful stop removes its own): nginx
     * would not bind over it.
     */
    static void removeStaleSocket(Path dir) {
        try {
            Files.deleteIfExists(socket(dir));
        } catch (IOException e) {
            throw new TestbedException("cannot remove the stale nginx socket " + socket(dir) + ": " + e.getMessage(), e);
        }
    }

    /** Writes nginx.conf into {@code dir}; returns the command that runs nginx in the foreground. */
    static String[] prepare(Path dir, Path docroot, boolean allAddresses, boolean aioThreads, String nodeId) {
        try {
            Files.createDirectories(dir.resolve("tmp"));
            Path conf = dir.resolve("nginx.conf");
            Files.writeString(conf, conf(dir, docroot, allAddresses, aioThreads, nodeId));
            removeStaleSocket(dir);
            Path nginx = Shell.which("nginx");
            if (nginx == null) throw new TestbedException("nginx not found (install Debian package nginx-light)");
            return new String[] {nginx.toString(), "-c", conf.toAbsolutePath().toString(),
                "-p", dir.toAbsolutePath() + "/", "-e", dir.toAbsolutePath() + "/error.log"};
        } catch (IOException e) {
            throw new TestbedException("cannot write nginx config in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** True once something accepts connections on 127.0.0.1:8080 inside {@code ns}. */
    static boolean listening(String ns) {
        return Netns.call(ns, () -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", NGINX_PORT), 200);
                return true;
            } catch (IOException e) {
                return false;
            }
        });
    }
}
