package dts.config;

import static java.util.Objects.requireNonNull;

/**
 * What serves requests on a node: the embedded static server, or a web server reached over HTTP, on a
 * TCP port or a Unix stream socket.
 */
public sealed interface Backend permits Backend.Embedded, Backend.Http, Backend.Unix {

    /** The embedded static file server ({@code backend: embedded}). */
    static Backend embedded() {
        return new Embedded();
    }

    /** A local web server ({@code backend: http://HOST:PORT}). */
    static Backend http(String host, int port) {
        return new Http(host, port);
    }

    /** A local web server on the Unix stream socket {@code socket} ({@code backend: unix:/PATH}). */
    static Backend unix(java.nio.file.Path socket) {
        return new Unix(socket);
    }

    /** The embedded static file server. */
    record Embedded() implements Backend {
        @Override
        public String toString() {
            return "embedded";
        }
    }

    /** A web server at {@code host:port}; the host is an IPv4 literal or a name. */
    record Http(String host, int port) implements Backend {
        public Http {
            requireNonNull(host, "host");
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port: " + port + " (expected: 1..65535)");
            }
        }

        @Override
        public String toString() {
            return "http://" + host + ":" + port;
        }
    }

    /** A web server on a Unix stream socket: an absolute path of at most {@link #MAX_PATH_BYTES} bytes (the kernel's limit). */
    record Unix(java.nio.file.Path socket) implements Backend {
        public static final int MAX_PATH_BYTES = 107;

        public Unix {
            requireNonNull(socket, "socket");
            int bytes = socket.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            if (!socket.isAbsolute() || bytes > MAX_PATH_BYTES) {
                throw new IllegalArgumentException("socket: " + socket + " (expected: an absolute path of at most "
                        + MAX_PATH_BYTES + " bytes)");
            }
        }

        @Override
        public String toString() {
            return "unix:" + socket;
        }
    }
}
