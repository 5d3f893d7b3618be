package dts.harness.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dts.harness.client.ClientConfig;
import dts.harness.client.LoadClient;
import dts.harness.client.Measurement;
import dts.harness.client.ProgressMode;
import dts.harness.resources.PageCache;
import dts.harness.resources.ResourceLimits;
import dts.harness.result.RunResult;
import dts.testbed.Testbed;
import dts.testbed.TestbedHooks;
import dts.testbed.TestbedNames;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One system of a {@link SpecwebPlan}: cgroups, testbed (and front proxy), a short pre-warm of the same
 * workload at start-up resources (JIT, not caches), the file set evicted from the page cache (a cold
 * start), memory limits from the processes' measured footprint plus the cache share, an unmeasured warm-up (disk unthrottled: caches fill fast), then the measured load from the client namespace; disk reads from the
 * cgroups; everything torn down. Evidence (limits, footprints, warm-up reads, CPU throttling, page cache
 * at the end, DTS node counters, logs) goes to {@code outDir/<system>/}.
 */
final class SystemRunner {
    private SystemRunner() {}

    static RunResult run(SpecwebPlan plan, SystemName system, FileSetStore.Prepared files, PrintStream log) {
        int nodes = system == SystemName.DIRECT ? 1 : plan.nodes();
        List<String> ids = new ArrayList<>();
        Map<String, ResourceLimits> limits = new LinkedHashMap<>();
        for (int i = 1; i <= nodes; i++) {
            ids.add(TestbedNames.nodeId(i));
            limits.put(TestbedNames.nodeId(i), plan.model().startupLimits());
        }
        if (system.isProxy()) limits.put(TestbedNames.FRONT_ID, plan.model().frontLimits());
        Path dir = plan.outDir().resolve(system.label());
        ObjectNode evidence = Evidence.object(system.label());
        try (NodeCgroups cgroups = NodeCgroups.create(limits, files.root())) {
            Testbed tb = Testbed.up(options(plan, system, nodes, files, cgroups));
            try {
                if (system.isProxy()) FrontProxy.start(tb, system);
                if (plan.warmupMillis() > 0) {
                    // still at start-up resources, the disk unthrottled: the client's JIT and any server's
                    // (a JVM compiles a method after it ran a few hundred times) before anything counts;
                    // the caches it fills are emptied next
                    for (String id : ids) cgroups.of(id).setReadThrottle(0);
                    LoadClient.run(client(plan, tb, system, Phase.PREWARM), files.manifest());
                }
                PageCache.evictAll(files.allFiles());
                Map<String, Long> footprint = cgroups.memory("usage");
                for (String id : ids) {
                    long limit = plan.model().nodeMemoryBytes(footprint.get(id), files.totalBytes(), plan.nodes());
                    cgroups.of(id).setMemoryLimit(limit);
                    cgroups.of(id).setCpu(plan.model().runLimits(limit));
                }
                if (plan.warmupMillis() > 0) {
                    // the disk still unthrottled since the pre-warm, so the caches reach their steady state within the warm-up
                    log.printf("%s: warm-up %d s (not measured)%n", system, plan.warmupMillis() / 1000);
                    Measurement w = LoadClient.run(client(plan, tb, system, Phase.WARMUP), files.manifest());
                    for (String id : ids) cgroups.of(id).setReadThrottle(plan.model().readBytesPerSecond());
                    Evidence.putWarmup(evidence, w);
                }
                Evidence.putMap(evidence, "warmup_disk_read_bytes", cgroups.diskReadBytesSinceStart(ids));
                cgroups.markBaseline();
                log.printf("%s: %d sessions for %d s against %s%n", system, plan.sessions(), plan.durationMillis() / 1000,
                        SystemTarget.of(tb, system));
                Measurement m = LoadClient.run(client(plan, tb, system, Phase.MEASURED), files.manifest());
                Map<String, Long> reads = cgroups.diskReadBytes(ids);
                Map<String, Long> cpu = cgroups.cpuUsedMillis();
                Evidence.putPageHops(evidence, m);
                Evidence.putMap(evidence, "process_footprint_bytes", footprint);
                Evidence.putResources(evidence, cgroups, ids, system.isProxy());
                if (system.isDts()) evidence.set("node_status", NodeStatus.fetch(tb.nodes()));
                Evidence.write(dir.resolve("evidence.json"), evidence);
                return RunResult.of(system.label(), m).withDiskReadBytes(reads).withCpuMillis(cpu);
            } finally {
                Evidence.copyLogs(tb, dir.resolve("logs"));
                tb.down();
            }
        }
    }

    private static Testbed.Options options(SpecwebPlan plan, SystemName system, int nodes, FileSetStore.Prepared files,
                                           NodeCgroups cgroups) {
        TestbedHooks hooks = TestbedHooks.NONE.withProcessWrapper(cgroups.wrapper()).withPrebuiltDocroots(files.root())
                .withNginxOnAllAddresses(true).withNginxAioThreads(true).withFloodOnlyToCluster(true).withFrontNamespace(system.isProxy()).withDaemonJvmOptions(NodeModel.daemonJvmOptions())
                .withClusterKeys(Map.of("io-threads", Integer.toString(NodeModel.IO_THREADS)));
        Testbed.Backend backend = system.isDts() ? plan.dtsBackend() : Testbed.Backend.NGINX;
        return Testbed.Options.builder(plan.workDir().resolve("state")).nodes(nodes).backend(backend)
                .startDaemons(system.isDts()).configFile(system.isDts() ? DtsPolicy.file(plan.workDir(), system, plan.loadFactor()) : null)
                .hooks(hooks).build();
    }

    /** The client's runs against one system: before the caches are emptied, the warm-up, the measured one. */
    enum Phase { PREWARM, WARMUP, MEASURED }

    /**
     * How long the pre-warm runs: enough for the load client (in this JVM, cold for the first system
     * only) and the daemons to compile what they run, before the caches are emptied and the warm-up
     * starts (without it the first system's warm-up served ~1 s less, docs/BENCHMARKS.md).
     */
    static final long PREWARM_MILLIS = 5_000;

    private static ClientConfig client(SpecwebPlan plan, Testbed tb, SystemName system, Phase phase) {
        ClientConfig.Builder b = ClientConfig.builder(SystemTarget.of(tb, system), plan.sessions()).mix(plan.mix())
                .netns(tb.clientNamespace()).keepAliveIdleMillis(plan.scaledKeepAliveMillis());
        return switch (phase) {
            case PREWARM -> b.durationMillis(PREWARM_MILLIS).drainTimeoutMillis(2_000).seed(plan.seed() ^ 0x3c5bL)
                    .progress(ProgressMode.NEVER).build();
            case WARMUP -> b.durationMillis(plan.warmupMillis()).drainTimeoutMillis(2_000).seed(plan.seed() ^ 0x77a3L)
                    .progress(ProgressMode.NEVER).build();
            case MEASURED -> b.durationMillis(plan.durationMillis()).drainTimeoutMillis(plan.drainMillis()).seed(plan.seed())
                    .progress(plan.progress()).build();
        };
    }
}
