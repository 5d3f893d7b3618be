package dts.config;

import static java.util.Objects.requireNonNull;

import java.net.Inet4Address;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One entry of {@code nodes}.
 *
 * @param id the stable node id (bucket ownership and placement hash on it)
 * @param address the node's own IPv4 address (control and admin ports listen there)
 * @param backend what serves its requests
 * @param docroot the document root of the node's web server, when given: the embedded server serves it
 *                (required there); for a web server it is read only, to see what its page cache holds
 *                (policy locality's {@code replicate-max-bytes})
 */
public record NodeConfig(String id, Inet4Address address, Backend backend, Optional<Path> docroot) {
    public NodeConfig {
        requireNonNull(id, "id");
        requireNonNull(address, "address");
        requireNonNull(backend, "backend");
        requireNonNull(docroot, "docroot");
    }
}
