package dts.config;

import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/** Typed reads of scalar keys: each reports a bad value to the map's problems and returns empty. */
final class Scalars {
    private Scalars() {}

    /** An integer in {@code min..max}: a YAML int, or a decimal / {@code 0x} hex string. */
    static OptionalLong integer(YamlMap map, Problems problems, String key, long min, long max) {
        Optional<Object> raw = map.scalar(key);
        if (raw.isEmpty()) {
            return OptionalLong.empty();
        }
        String path = map.path(key);
        Object value = raw.get();
        Long parsed = toLong(value);
        if (parsed == null) {
            problems.expected(path, value, "an integer");
            return OptionalLong.empty();
        }
        if (parsed < min || parsed > max) {
            problems.expected(path, value, range(min, max));
            return OptionalLong.empty();
        }
        return OptionalLong.of(parsed);
    }

    /** A boolean: YAML {@code true} / {@code false} (also given as those words in quotes). */
    static Optional<Boolean> bool(YamlMap map, Problems problems, String key) {
        Optional<Object> raw = map.scalar(key);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        if (raw.get() instanceof Boolean b) {
            return Optional.of(b);
        }
        String text = raw.get().toString().trim();
        if (text.equals("true") || text.equals("false")) {
            return Optional.of(Boolean.parseBoolean(text));
        }
        problems.expected(map.path(key), raw.get(), "true or false");
        return Optional.empty();
    }

    /** A number, integral or not. */
    static OptionalDouble decimal(YamlMap map, Problems problems, String key) {
        Optional<Object> raw = map.scalar(key);
        if (raw.isEmpty()) {
            return OptionalDouble.empty();
        }
        if (raw.get() instanceof Number number) {
            return OptionalDouble.of(number.doubleValue());
        }
        try {
            return OptionalDouble.of(Double.parseDouble(raw.get().toString().trim()));
        } catch (NumberFormatException e) {
            problems.expected(map.path(key), raw.get(), "a number");
            return OptionalDouble.empty();
        }
    }

    /** A non-blank string (a YAML number or boolean is taken as its text). */
    static Optional<String> text(YamlMap map, Problems problems, String key) {
        Optional<Object> raw = map.scalar(key);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        String text = raw.get().toString().trim();
        if (text.isEmpty()) {
            problems.add(map.path(key), "empty (expected: a value)");
            return Optional.empty();
        }
        return Optional.of(text);
    }

    /** A unicast IPv4 literal such as {@code 198.18.0.10} (never a host name: no DNS look-up). */
    static Optional<Inet4Address> ipv4(YamlMap map, Problems problems, String key) {
        return text(map, problems, key).flatMap(text -> {
            Inet4Address address = parseIpv4(text);
            if (address == null) {
                problems.expected(map.path(key), text, "an IPv4 literal such as 198.18.0.10");
                return Optional.empty();
            }
            if (address.isAnyLocalAddress() || address.isMulticastAddress()
                    || text.equals("255.255.255.255")) {
                problems.expected(map.path(key), text, "a unicast IPv4 address");
                return Optional.empty();
            }
            return Optional.of(address);
        });
    }

    /** Parses a dotted-quad IPv4 literal strictly (no leading zeros, no short forms); null if not one. */
    static Inet4Address parseIpv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            if (part.isEmpty() || part.length() > 3 || (part.length() > 1 && part.charAt(0) == '0')
                    || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return null;
            }
            int octet = Integer.parseInt(part);
            if (octet > 255) {
                return null;
            }
            bytes[i] = (byte) octet;
        }
        try {
            return (Inet4Address) InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new AssertionError(e); // four bytes are always a valid address
        }
    }

    static String range(long min, long max) {
        return max == Long.MAX_VALUE ? ">= " + min : min + ".." + max;
    }

    private static Long toLong(Object value) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short
                || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigInteger big) {
            return big.bitLength() < 64 ? big.longValue() : null;
        }
        if (value instanceof String text) {
            String trimmed = text.trim().replace("_", "");
            try {
                if (trimmed.startsWith("0x") || trimmed.startsWith("0X")) {
                    return Long.parseLong(trimmed.substring(2), 16);
                }
                return Long.parseLong(trimmed);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}
