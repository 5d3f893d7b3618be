package dts.harness;

import dts.harness.client.ClientConfig;
import dts.harness.client.LoadClient;
import dts.harness.client.Measurement;
import dts.harness.client.ProgressMode;
import dts.harness.fileset.FileSet;
import dts.harness.result.ResultsFile;
import dts.harness.result.RunResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * The load client as a process, for {@code ip netns exec dts-client java … dts.harness.ClientMain}.
 * Reads the file set's manifest from its docroot, runs, prints one summary line, and optionally
 * writes a results JSON with one run. Exit status 0 when the run completed (errors are data, not failures).
 */
@Command(name = "dts-load", mixinStandardHelpOptions = true, description = "SPECweb2005 Support load client")
public final class ClientMain implements Callable<Integer> {
    @Option(names = "--target", required = true, description = "HOST:PORT of the system under test")
    String target;
    @Option(names = "--docroot", required = true, description = "file set directory (holds manifest.tsv)")
    Path docroot;
    @Option(names = "--sessions", description = "simultaneous sessions (default: the file set's)")
    Integer sessions;
    @Option(names = "--duration-ms", defaultValue = "0", description = "run length; 0 = only --max-requests bounds it")
    long durationMillis;
    @Option(names = "--max-requests", defaultValue = "0", description = "request budget; 0 = none")
    long maxRequests;
    @Option(names = "--seed", defaultValue = "1")
    long seed;
    @Option(names = "--netns", description = "network namespace for the client's sockets")
    String netns;
    @Option(names = "--io-threads", defaultValue = "2")
    int ioThreads;
    @Option(names = "--progress", defaultValue = "AUTO", description = "AUTO, ALWAYS or NEVER")
    ProgressMode progress;
    @Option(names = "--system", defaultValue = "unnamed", description = "system name in the results")
    String system;
    @Option(names = "--out", description = "write {\"runs\":[…]} JSON here")
    Path out;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs with {@code args}; returns the exit status (2 for bad arguments or setup). */
    public static int run(String... args) {
        return new CommandLine(new ClientMain())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println("dts-load: " + e.getMessage());
                    return 2;
                })
                .execute(args);
    }

    @Override
    public Integer call() throws Exception {
        FileSet files = FileSet.open(docroot);
        int colon = target.lastIndexOf(':');
        if (colon <= 0) throw new HarnessException("--target: '" + target + "' (expected: HOST:PORT)");
        InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(target.substring(0, colon)),
                Integer.parseInt(target.substring(colon + 1)));
        ClientConfig cfg = ClientConfig.builder(address, sessions != null ? sessions : files.manifest().workload().sessions())
                .durationMillis(durationMillis).maxRequests(maxRequests).seed(seed).netns(netns).ioThreads(ioThreads)
                .progress(progress).build();
        Measurement m = LoadClient.run(cfg, files.manifest());
        RunResult r = RunResult.of(system, m);
        System.out.println(String.format(Locale.ROOT,
                "%s: sessions %d, requests %d (pages %d, downloads %d), QoS-failed downloads %d, pages good %.2f%%, "
                        + "%.1f Mbit/s, p50 %.1f ms, p99 %.1f ms, errors %d",
                r.system(), r.sessions(), r.requests(), r.pages(), r.downloads(), r.downloadsQosFailed(), r.pagesQosGoodPct(),
                r.throughputMbps(), r.latencyMs().p50(), r.latencyMs().p99(), r.errors()));
        if (out != null) ResultsFile.write(out, List.of(r));
        return 0;
    }
}
