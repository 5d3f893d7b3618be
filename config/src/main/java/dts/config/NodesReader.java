package dts.config;

import java.net.Inet4Address;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads the {@code nodes} list. */
final class NodesReader {
    static final Set<String> KEYS = Set.of("id", "address", "backend", "docroot");
    static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,31}");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,252}[A-Za-z0-9])?");

    /** The valid nodes, and every id declared even by a node with other errors (no cascades). */
    record Result(List<NodeConfig> nodes, Set<String> declaredIds) {}

    private NodesReader() {}

    static Result read(YamlMap root, Inet4Address vip, Problems problems) {
        List<YamlMap> entries = root.listOfMaps("nodes");
        if (!root.has("nodes")) {
            problems.add("nodes", "missing (expected: at least one node)");
        }
        List<NodeConfig> nodes = new ArrayList<>();
        Set<String> declared = new LinkedHashSet<>();
        Map<String, String> idPaths = new HashMap<>();
        Map<Inet4Address, String> addressPaths = new HashMap<>();
        for (YamlMap m : entries) {
            m.rejectUnknownKeys(KEYS);
            Optional<String> id = Scalars.text(m, problems, "id").filter(text -> {
                if (!ID.matcher(text).matches()) {
                    problems.expected(m.path("id"), text, "letters, digits, '-' or '_', at most 32");
                    return false;
                }
                return unique(idPaths, text, m.path("id"), problems);
            });
            if (!m.has("id")) {
                problems.add(m.path("id"), "missing (expected: a node id)");
            }
            id.ifPresent(declared::add);
            Optional<Inet4Address> address = Scalars.ipv4(m, problems, "address").filter(a -> {
                if (a.equals(vip)) {
                    problems.expected(m.path("address"), a.getHostAddress(), "different from cluster.vip");
                    return false;
                }
                return unique(addressPaths, a, m.path("address"), problems);
            });
            if (!m.has("address")) {
                problems.add(m.path("address"), "missing (expected: the node's IPv4 address)");
            }
            Optional<Backend> backend = m.has("backend")
                    ? Scalars.text(m, problems, "backend").flatMap(t -> backend(t, m.path("backend"), problems))
                    : Optional.of(Backend.embedded());
            Optional<Path> docroot = docroot(m, problems, backend);
            if (id.isPresent() && address.isPresent() && backend.isPresent()) {
                nodes.add(new NodeConfig(id.get(), address.get(), backend.get(), docroot));
            }
        }
        return new Result(List.copyOf(nodes), java.util.Collections.unmodifiableSet(declared));
    }

    /** {@code embedded}, {@code http://HOST[:PORT]} (port 80 when left out) or {@code unix:/PATH}. */
    static Optional<Backend> backend(String text, String path, Problems problems) {
        if (text.equals("embedded")) {
            return Optional.of(Backend.embedded());
        }
        if (text.startsWith("unix:")) {
            String socket = text.substring("unix:".length());
            int bytes = socket.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            if (!socket.startsWith("/") || bytes > Backend.Unix.MAX_PATH_BYTES || socket.indexOf('\0') >= 0) {
                problems.expected(path, text, "unix:/PATH, an absolute path of at most " + Backend.Unix.MAX_PATH_BYTES + " bytes");
                return Optional.empty();
            }
            return Optional.of(Backend.unix(Path.of(socket)));
        }
        String expected = "embedded, http://HOST:PORT or unix:/PATH";
        try {
            URI uri = new URI(text);
            String host = uri.getHost();
            boolean plain = "http".equals(uri.getScheme()) && uri.getRawUserInfo() == null
                    && (uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))
                    && uri.getRawQuery() == null && uri.getRawFragment() == null;
            if (!plain || host == null || !HOST.matcher(host).matches()) {
                problems.expected(path, text, expected);
                return Optional.empty();
            }
            int port = uri.getPort() == -1 ? 80 : uri.getPort();
            if (port < 1 || port > 65535) {
                problems.expected(path, text, "a port in 1..65535");
                return Optional.empty();
            }
            return Optional.of(Backend.http(host.toLowerCase(java.util.Locale.ROOT), port));
        } catch (URISyntaxException e) {
            problems.expected(path, text, expected);
            return Optional.empty();
        }
    }

    private static Optional<Path> docroot(YamlMap m, Problems problems, Optional<Backend> backend) {
        return Scalars.text(m, problems, "docroot").flatMap(text -> {
            try {
                return Optional.of(Path.of(text));
            } catch (InvalidPathException e) {
                problems.expected(m.path("docroot"), text, "a file system path");
                return Optional.empty();
            }
        });
    }

    private static <K> boolean unique(Map<K, String> seen, K key, String path, Problems problems) {
        String first = seen.putIfAbsent(key, path);
        if (first != null) {
            String shown = key instanceof Inet4Address a ? a.getHostAddress() : key.toString();
            problems.add(path, shown + " (duplicate of " + first + ")");
            return false;
        }
        return true;
    }
}
