package dts.harness.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dts.harness.HarnessException;
import dts.harness.client.ClientConfig;
import dts.harness.client.LoadClient;
import dts.harness.client.Measurement;
import dts.harness.resources.PageCache;
import dts.harness.resources.ResourceLimits;
import dts.harness.result.RunResult;
import dts.node.testbed.Testbed;
import dts.node.testbed.TestbedHooks;
import dts.node.testbed.TestbedNames;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One system of a {@link SpecwebPlan}: cgroups, testbed (and front proxy), cold caches, load from the
 * client namespace, disk reads from the cgroups, then everything torn down. Extra evidence (DTS node
 * counters, CPU throttling, page cache at the end, logs) goes to {@code outDir/<system>/}.
 */
final class SystemRunner {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SystemRunner() {}

    static RunResult run(SpecwebPlan plan, SystemName system, FileSetStore.Prepared files, PrintStream log) {
        int nodes = system == SystemName.DIRECT ? 1 : plan.nodes();
        List<String> ids = new ArrayList<>();
        Map<String, ResourceLimits> limits = new LinkedHashMap<>();
        for (int i = 1; i <= nodes; i++) {
            ids.add(TestbedNames.nodeId(i));
            limits.put(TestbedNames.nodeId(i), plan.model().nodeLimits(files.totalBytes(), plan.nodes(), system.isDts()));
        }
        if (system.isProxy()) limits.put(TestbedNames.FRONT_ID, plan.model().frontLimits());
        Path dir = plan.outDir().resolve(system.label());
        try (NodeCgroups cgroups = NodeCgroups.create(limits, files.root())) {
            Testbed tb = Testbed.up(options(plan, system, nodes, files, cgroups));
            try {
                if (system.isProxy()) FrontProxy.start(tb, system);
                if (plan.warmupMillis() > 0) {
                    log.printf("%s: warm-up %d s (not measured)%n", system, plan.warmupMillis() / 1000);
                    LoadClient.run(warmup(plan, tb, system), files.manifest());
                }
                PageCache.evictAll(files.allFiles());
                cgroups.markBaseline();
                log.printf("%s: %d sessions for %d s against %s%n", system, plan.sessions(), plan.durationMillis() / 1000, target(tb, system));
                Measurement m = LoadClient.run(client(plan, tb, system), files.manifest());
                Map<String, Long> reads = cgroups.diskReadBytes(ids);
                writeEvidence(dir, system, tb, cgroups, limits);
                return RunResult.of(system.label(), m).withDiskReadBytes(reads);
            } finally {
                Evidence.copyLogs(tb, dir.resolve("logs"));
                tb.down();
            }
        }
    }

    private static Testbed.Options options(SpecwebPlan plan, SystemName system, int nodes, FileSetStore.Prepared files,
                                           NodeCgroups cgroups) {
        TestbedHooks hooks = new TestbedHooks(cgroups.wrapper(), files.root(), true, system.isProxy(), Map.of());
        return Testbed.Options.builder(plan.workDir().resolve("state")).nodes(nodes).backend(Testbed.Backend.NGINX)
                .startDaemons(system.isDts()).configFile(system.isDts() ? policyFile(plan, system) : null).hooks(hooks).build();
    }

    /** The pools block: pool {@code all} (every node) with the system's policy. */
    static String policyYaml(SystemName system) {
        return switch (system) {
            case DTS_LOCALITY -> "pools:\n  all: { policy: locality, load-factor: 1.25 }\n";
            case DTS_RR -> "pools:\n  all: { policy: round-robin }\n";
            default -> throw new HarnessException("system: " + system + " (expected: a DTS system)");
        };
    }

    private static Path policyFile(SpecwebPlan plan, SystemName system) {
        Path f = plan.workDir().resolve("configs").resolve(system.label() + ".yaml");
        try {
            Files.createDirectories(f.getParent());
            Files.writeString(f, policyYaml(system));
            return f;
        } catch (IOException e) {
            throw new HarnessException("cannot write " + f + ": " + e.getMessage(), e);
        }
    }

    static InetSocketAddress target(Testbed tb, SystemName system) {
        try {
            return switch (system) {
                case DTS_LOCALITY, DTS_RR -> new InetSocketAddress(InetAddress.getByName(tb.vip()), tb.port());
                case HAPROXY, NGINX_PROXY -> new InetSocketAddress(InetAddress.getByName(tb.frontAddress()), FrontProxy.PORT);
                case DIRECT -> new InetSocketAddress(InetAddress.getByName(tb.vip()), TestbedNames.NGINX_PORT);
            };
        } catch (IOException e) {
            throw new HarnessException("target address: " + e.getMessage(), e);
        }
    }

    private static ClientConfig client(SpecwebPlan plan, Testbed tb, SystemName system) {
        return ClientConfig.builder(target(tb, system), plan.sessions()).durationMillis(plan.durationMillis())
                .drainTimeoutMillis(plan.drainMillis()).seed(plan.seed()).netns(tb.clientNamespace())
                .keepAliveIdleMillis(plan.scaledKeepAliveMillis()).progress(plan.progress()).build();
    }

    private static ClientConfig warmup(SpecwebPlan plan, Testbed tb, SystemName system) {
        return ClientConfig.builder(target(tb, system), plan.sessions()).durationMillis(plan.warmupMillis())
                .drainTimeoutMillis(2_000).seed(plan.seed() ^ 0x77a3L).netns(tb.clientNamespace())
                .keepAliveIdleMillis(plan.scaledKeepAliveMillis()).progress(dts.harness.client.ProgressMode.NEVER).build();
    }

    private static void writeEvidence(Path dir, SystemName system, Testbed tb, NodeCgroups cgroups, Map<String, ResourceLimits> limits) {
        ObjectNode e = JSON.createObjectNode();
        e.put("system", system.label());
        ObjectNode l = e.putObject("limits");
        limits.forEach((o, r) -> l.putObject(o).put("memory_bytes", r.memoryBytes()).put("cpu_cores", r.cpuCores())
                .put("read_bytes_per_s", r.readBytesPerSecond()).put("cfs_period_us", r.cfsPeriodMicros()));
        ObjectNode t = e.putObject("cpu_throttled_periods");
        cgroups.throttledPeriods().forEach(t::put);
        ObjectNode c = e.putObject("page_cache_bytes_at_end");
        cgroups.pageCacheBytes().forEach(c::put);
        if (system.isDts()) e.set("node_status", NodeStatus.fetch(tb.nodes()));
        Evidence.write(dir.resolve("evidence.json"), e);
    }
}
