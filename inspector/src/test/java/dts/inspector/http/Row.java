package dts.inspector.http;

import dts.inspector.http.HeadParser.Outcome;
import java.nio.charset.StandardCharsets;

/** One row of the corpus: raw head (ISO-8859-1, one char per byte) and what parsing it must give. */
record Row(String name, String raw, Outcome outcome, String method, String path, Boolean keepAlive, String error) {

    static Row ok(String name, String raw, String method, String path, boolean keepAlive) {
        return new Row(name, raw, Outcome.COMPLETE, method, path, keepAlive, null);
    }

    static Row bad(String name, String raw, String error) {
        return new Row(name, raw, Outcome.MALFORMED, null, null, null, error);
    }

    static Row unsupported(String name, String raw, String error) {
        return new Row(name, raw, Outcome.UNSUPPORTED_VERSION, null, null, null, error);
    }

    static Row incomplete(String name, String raw) {
        return new Row(name, raw, Outcome.INCOMPLETE, null, null, null, null);
    }

    byte[] bytes() {
        return raw.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Override
    public String toString() {
        return name;
    }
}
