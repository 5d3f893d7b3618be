package dts.harness.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dts.harness.HarnessException;
import dts.node.testbed.NodeHandle;
import dts.node.testbed.Testbed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Files next to the results that explain them: per-system counters and the processes' logs. */
final class Evidence {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Evidence() {}

    static void write(Path file, JsonNode json) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n");
        } catch (IOException e) {
            throw new HarnessException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Copies daemon, nginx and front logs before the testbed's state directory is removed; best effort. */
    static void copyLogs(Testbed tb, Path into) {
        try {
            Files.createDirectories(into);
            for (NodeHandle n : tb.nodes()) {
                copy(n.log(), into.resolve(n.id() + ".log"));
                copy(tb.options().stateDir().resolve(n.id()).resolve("nginx/error.log"), into.resolve(n.id() + "-nginx-error.log"));
            }
            copy(tb.frontLog(), into.resolve("front.log"));
            copy(tb.frontDir().resolve("error.log"), into.resolve("front-nginx-error.log"));
        } catch (IOException e) {
            // logs are a convenience: a failed copy must not hide the run's result or error
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        if (Files.isRegularFile(from) && Files.size(from) > 0) Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
}
