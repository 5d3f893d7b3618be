package dts.config;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The cluster key: 256 random bits, stored as 64 hex digits in a file only its owner may read
 * (mode 0600, written by {@code dts keygen}). Every secret the cluster uses is derived from it with
 * {@link #derive(String)}, one label per use, so that no two protocols share a key.
 */
public final class ClusterKey {
    public static final int KEY_BYTES = 32;
    private final byte[] key;

    private ClusterKey(byte[] key) { this.key = key; }

    /** A fresh random key (tests and {@code dts keygen}). */
    public static ClusterKey generate() {
        byte[] k = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(k);
        return new ClusterKey(k);
    }

    /** A key from its 64 hex digits. */
    public static ClusterKey ofHex(String hex) { return new ClusterKey(HexFormat.of().parseHex(hex)); }

    public String hex() { return HexFormat.of().formatHex(key); }

    /**
     * Reads and checks {@code file}.
     *
     * @throws ConfigException {@code cluster.key-file: FILE is world-readable (expected: mode 0600)} and the like
     */
    public static ClusterKey load(Path file) {
        try {
            Optional<String> mode = modeProblem(file);
            if (mode.isPresent()) throw problem(mode.get());
            String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
            if (text.length() < 2 * KEY_BYTES) {
                throw problem(file + " holds " + text.length() * 4 + " bits (expected: 64 hex digits, 256 bits, from dts keygen)");
            }
            if (text.length() > 2 * KEY_BYTES || !text.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                throw problem(file + " is not a key (expected: 64 hex digits, from dts keygen)");
            }
            return ofHex(text);
        } catch (NoSuchFileException e) {
            throw problem(file + " does not exist (expected: a key file from dts keygen)");
        } catch (AccessDeniedException e) {
            throw problem(file + " is not readable by this user");
        } catch (IOException e) {
            throw problem(file + " cannot be read (" + e.getMessage() + ")");
        }
    }

    /** What is wrong with {@code file} as a key file, if anything (the config reader reports it). */
    static Optional<String> problem(Path file) {
        try {
            load(file);
            return Optional.empty();
        } catch (ConfigException e) {
            return Optional.of(e.getMessage().substring("cluster.key-file: ".length()));
        }
    }

    private static Optional<String> modeProblem(Path file) throws IOException {
        Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
        if (p.contains(PosixFilePermission.OTHERS_READ) || p.contains(PosixFilePermission.OTHERS_WRITE)) {
            return Optional.of(file + " is world-readable (expected: mode 0600)");
        }
        if (p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.GROUP_WRITE)) {
            return Optional.of(file + " is group-readable (expected: mode 0600)");
        }
        return Optional.empty();
    }

    private static ConfigException problem(String what) {
        return new ConfigException("cluster.key-file", List.of("cluster.key-file: " + what));
    }

    /** HMAC-SHA256(cluster key, label): a 256-bit key for one use (HKDF-Expand with one block). */
    public byte[] derive(String label) {
        return hmac(key, label.getBytes(StandardCharsets.UTF_8));
    }

    /** HMAC-SHA256 of {@code data} under {@code key}. */
    public static byte[] hmac(byte[] key, byte[]... data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            for (byte[] d : data) mac.update(d);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e); // every JDK has it
        }
    }

    @Override public String toString() { return "ClusterKey[256 bits]"; }
}
