package dts.harness.bench.scaling;

import dts.harness.Check;
import dts.harness.HarnessException;
import dts.testbed.Testbed;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code ./dts bench scaling}: for each node count, new connections per second with one inspector
 * ({@code cluster.inspectors: [node1]}) and with every node inspecting, each node under the same CPU quota.
 *
 * @param nodeCounts     e.g. 2, 4, 8
 * @param cpuCores       CPU quota per node (small, so that eight nodes still leave the machine idle time)
 * @param warmupMillis   load before measuring (JIT, connection tables) with a whole core per node, not counted
 * @param durationMillis measured load per configuration
 * @param connections    wrk connections (concurrent requests)
 * @param threads        wrk threads
 * @param backend        what serves the request after the hand-off
 * @param path           URL path fetched (a small file of the testbed's generated docroot)
 */
public record ScalingPlan(List<Integer> nodeCounts, double cpuCores, long warmupMillis, long durationMillis,
                          int connections, int threads, Testbed.Backend backend, String path, Path workDir, Path outDir) {
    public ScalingPlan {
        if (nodeCounts == null || nodeCounts.isEmpty()) throw new HarnessException("nodes: none (expected: e.g. 2,4,8)");
        nodeCounts = List.copyOf(nodeCounts);
        for (int n : nodeCounts) {
            if (n < 2 || n > 32) throw new HarnessException("nodes: " + n + " (expected: 2..32)");
        }
        Check.inHalfOpen("cpuCores", cpuCores, 0.0, 2.0);
        Check.atLeast("warmupMillis", warmupMillis, 0);
        Check.atLeast("durationMillis", durationMillis, 1_000);
        Check.atLeast("connections", connections, 1);
        Check.atLeast("threads", threads, 1);
        if (connections < threads) throw new HarnessException("connections: " + connections + " (expected: >= threads " + threads + ")");
        Check.notNull("backend", backend);
        Check.notBlank("path", path);
        Check.notNull("workDir", workDir);
        Check.notNull("outDir", outDir);
        workDir = workDir.toAbsolutePath();
        outDir = outDir.toAbsolutePath();
    }

    /** Defaults: 0.15 core per node, 10 s warm-up (a core per node), 15 s measured, 256 connections on 2 threads, nginx, 1 KiB file. */
    public static ScalingPlan defaults(List<Integer> nodeCounts, Path workDir, Path outDir) {
        return new ScalingPlan(nodeCounts, 0.15, 10_000, 15_000, 256, 2, Testbed.Backend.NGINX, "/files/1KiB.bin", workDir, outDir);
    }
}
