package dts.hashring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class KeysTest {

    @Test
    void hashIsMurmur3OfUtf8Bytes() {
        String key = "/files/dir00042/class3_7 é";
        long expected = Hashing.murmur3_128().hashBytes(key.getBytes(StandardCharsets.UTF_8)).asLong();
        assertEquals(expected, Keys.hash(key));
        assertEquals(expected, Keys.hash(new StringBuilder(key)));
    }

    @Test
    void nearbyKeysHashApart() {
        assertNotEquals(Keys.hash("/a/1"), Keys.hash("/a/2"));
        assertNotEquals(Keys.hash(""), Keys.hash(" "));
    }

    @Test
    void nullKeyIsRejected() {
        HashRingException e = assertThrows(HashRingException.class, () -> Keys.hash(null));
        assertEquals("key: null (expected: a character sequence)", e.getMessage());
    }
}
