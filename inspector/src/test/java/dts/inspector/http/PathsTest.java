package dts.inspector.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PathsTest {

    @ParameterizedTest
    @CsvSource({
        "/a/b/c/./../../g, /a/g",
        "/mid/content=5/../6, /mid/6",
        "/., /",
        "/.., /",
        "/a/.., /",
        "/a/., /a/",
        "/a/./, /a/",
        "/a//b, /a//b",
        "/..a/b., /..a/b.",
        "/a/.../b, /a/.../b",
        "/a/b/.., /a/",
        "/a/%2E%2e/b, /b",
        "/%41%7a%2D%5f, /Az-_",
        "/%2f%3f%25%00%e9, /%2F%3F%25%00%E9",
        "/plain/file.txt, /plain/file.txt",
    })
    void normalizes(String raw, String expected) {
        byte[] bytes = raw.getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(expected, Paths.normalize(bytes, 0, bytes.length));
    }
}
