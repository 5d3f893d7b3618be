package dts.harness.result;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dts.harness.HarnessException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The results JSON: {@code {"runs":[RunResult…]}}. */
public final class ResultsFile {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private record Runs(@JsonProperty("runs") List<RunResult> runs) {}

    private ResultsFile() {}

    public static void write(Path file, List<RunResult> runs) {
        try {
            if (file.getParent() != null) Files.createDirectories(file.getParent());
            Files.writeString(file, toJson(runs));
        } catch (IOException e) {
            throw new HarnessException("results " + file + ": " + e.getMessage(), e);
        }
    }

    public static List<RunResult> read(Path file) {
        try {
            return fromJson(Files.readString(file));
        } catch (IOException e) {
            throw new HarnessException("results " + file + ": " + e.getMessage(), e);
        }
    }

    public static String toJson(List<RunResult> runs) {
        try {
            return MAPPER.writeValueAsString(new Runs(List.copyOf(runs))) + "\n";
        } catch (IOException e) {
            throw new HarnessException("results: cannot write JSON: " + e.getMessage(), e);
        }
    }

    public static List<RunResult> fromJson(String json) {
        try {
            Runs r = MAPPER.readValue(json, Runs.class);
            if (r.runs() == null) throw new HarnessException("results: no \"runs\" array");
            return r.runs();
        } catch (IOException e) {
            throw new HarnessException("results: bad JSON: " + e.getMessage(), e);
        }
    }
}
