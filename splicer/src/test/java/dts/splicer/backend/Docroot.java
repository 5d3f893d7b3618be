package dts.splicer.backend;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** A test docroot: small files, a directory with and one without index.html, symlinks in and out, big files. */
final class Docroot {
    static final String HELLO = "hello world\n";
    final Path root;
    final Path outside;

    Docroot(Path tmp) throws IOException {
        root = Files.createDirectories(tmp.resolve("www"));
        outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "secret\n");
        Files.writeString(root.resolve("index.html"), "<h1>root</h1>\n");
        Files.writeString(root.resolve("hello.txt"), HELLO);
        Files.write(root.resolve("zero.txt"), new byte[0]);
        Files.createDirectories(root.resolve("sub"));
        Files.writeString(root.resolve("sub/index.html"), "sub index\n");
        Files.createDirectories(root.resolve("empty"));
        Files.createSymbolicLink(root.resolve("escape.txt"), Path.of("../outside/secret.txt"));
        Files.createSymbolicLink(root.resolve("linkdir"), Path.of("../outside"));
        Files.createSymbolicLink(root.resolve("alias.txt"), Path.of("hello.txt"));
        Files.writeString(root.resolve("a b.txt"), "space\n", StandardCharsets.UTF_8);
    }

    /** A file of pseudo-random bytes (seeded) of the given size; returns its path. */
    Path random(String name, long bytes, long seed) throws IOException {
        Path p = root.resolve(name);
        Random r = new Random(seed);
        byte[] buf = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(p)) {
            for (long left = bytes; left > 0; left -= buf.length) {
                r.nextBytes(buf);
                out.write(buf, 0, (int) Math.min(buf.length, left));
            }
        }
        return p;
    }

    /** A sparse file (zeros) of the given size, for throughput runs. */
    Path sparse(String name, long bytes) throws IOException {
        Path p = root.resolve(name);
        try (var f = new java.io.RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(bytes);
        }
        return p;
    }
}
