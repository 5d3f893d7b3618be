package dts.hashring;

import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;

/** Hashing of routing keys (URLs, paths) to the {@code long} that {@link NodePicker#pick} takes. */
public final class Keys {
    private Keys() {
    }

    /** murmur3_128 of the key's UTF-8 bytes, first 64 bits. */
    public static long hash(CharSequence key) {
        if (key == null) {
            throw new HashRingException("key: null (expected: a character sequence)");
        }
        return Hashing.murmur3_128().hashString(key, StandardCharsets.UTF_8).asLong();
    }
}
