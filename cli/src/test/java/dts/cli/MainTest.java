package dts.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CLI behaves: every subcommand answers --help; an expected failure is one line, not a stack trace. */
class MainTest {
    @TempDir
    Path tmp;

    private record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static void collect(CommandLine cl, List<String> prefix, List<List<String>> into) {
        for (var e : cl.getSubcommands().entrySet()) {
            List<String> path = new ArrayList<>(prefix);
            path.add(e.getKey());
            into.add(path);
            collect(e.getValue(), path, into);
        }
    }

    @Test void everySubcommandAnswersHelp() {
        List<List<String>> paths = new ArrayList<>();
        collect(Main.commandLine(), List.of(), paths);
        assertTrue(paths.size() >= 12, "subcommands: " + paths);
        for (List<String> path : paths) {
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            Run r = run(args.toArray(String[]::new));
            assertEquals(0, r.exit(), String.join(" ", args) + ": " + r.err());
            assertTrue(r.out().startsWith("Usage: dts " + String.join(" ", path)), String.join(" ", args) + " printed: " + r.out());
        }
    }

    @Test void statusWithoutAClusterSaysSoInOneLine() {
        Run r = run("status", "--state-dir", tmp.resolve("none").toString());
        assertNotEquals(0, r.exit());
        List<String> lines = r.err().lines().toList();
        assertEquals(1, lines.size(), "stderr: " + r.err());
        assertTrue(lines.get(0).startsWith("dts status: "), lines.get(0));
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    @Test void nodeRunWithAnUnknownIdSaysSoInOneLine() throws Exception {
        Path config = java.nio.file.Files.writeString(tmp.resolve("dts.yaml"), "nodes: [ { id: node1, address: 198.51.100.11 } ]\n");
        Run r = run("node", "run", "--config", config.toString(), "--id", "node9");
        assertEquals(Main.FAILED, r.exit());
        assertEquals(List.of("dts node run: --id node9: no such node (nodes: [node1])"), r.err().lines().toList());
    }
}
