package dts.harness;

import dts.harness.fileset.FileSet;
import dts.harness.result.ResultsFile;
import dts.harness.result.RunResult;
import dts.harness.testing.StaticServer;
import dts.harness.workload.Workload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ClientMainTest {
    @TempDir
    Path tmp;

    @Test
    void runsAgainstADocrootAndWritesResults() throws Exception {
        FileSet files = FileSet.generate(tmp.resolve("docroot"), Workload.of(8).withScale(0.01), 2);
        try (StaticServer server = StaticServer.start(files.root())) {
            Path out = tmp.resolve("results.json");
            int status = ClientMain.run("--target", "127.0.0.1:" + server.address().getPort(), "--docroot",
                    files.root().toString(), "--max-requests", "120", "--system", "direct", "--progress", "never",
                    "--out", out.toString());
            assertEquals(0, status);
            List<RunResult> runs = ResultsFile.read(out);
            assertEquals("direct", runs.getFirst().system());
            assertEquals(120, runs.getFirst().requests());
            assertEquals(8, runs.getFirst().sessions());
        }
    }

    @Test
    void badArgumentsGiveStatusTwo() {
        assertEquals(2, ClientMain.run("--target", "nohostport", "--docroot", tmp.toString(), "--max-requests", "1"));
    }
}
