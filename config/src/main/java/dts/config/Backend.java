package dts.config;

import static java.util.Objects.requireNonNull;

/** What serves requests on a node: the embedded static server, or a web server reached over HTTP. */
public sealed interface Backend permits Backend.Embedded, Backend.Http {

    /** The embedded static file server ({@code backend: embedded}). */
    static Backend embedded() {
        return new Embedded();
    }

    /** A local web server ({@code backend: http://HOST:PORT}). */
    static Backend http(String host, int port) {
        return new Http(host, port);
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
}
