package dts.cli;

import dts.testbed.NodeDrill.Action;
import dts.testbed.Testbed;
import dts.splicer.sys.Netns;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Failure drills, repeated, under connection-per-request load: per drill, the time until the others'
 * view drops the node (detection), until its buckets are owned by the others (takeover), and the
 * requests that failed; then the CPU an idle daemon uses in an 8-node testbed.
 */
@Command(name = "drills", description = "Repeats kill / freeze / isolate drills on a 4-node testbed under load: detection and takeover "
        + "times (p50/max), failed requests per drill; then the idle daemon CPU at 8 nodes.")
final class DrillsBench implements Callable<Integer> {
    @Option(names = "--repeat", defaultValue = "10", description = "repetitions per drill (default: ${DEFAULT-VALUE})")
    int repeat;

    @Option(names = "--idle-seconds", defaultValue = "30", description = "how long the idle CPU is measured (default: ${DEFAULT-VALUE})")
    int idleSeconds;

    @Option(names = "--idle-warmup-seconds", defaultValue = "60", description = "idle time before the CPU is measured, for the JIT to settle (default: ${DEFAULT-VALUE})")
    int idleWarmupSeconds;

    @Option(names = "--state-dir", defaultValue = StateDir.DEFAULT, description = "state directory (default: ${DEFAULT-VALUE})")
    Path stateDir;

    private record Req(long startNanos, long endNanos, boolean ok) {}

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        Testbed tb = Testbed.up(Testbed.Options.builder(stateDir).nodes(4).build());
        try {
            TestbedStatus.awaitServing(tb, 4);
            ConcurrentLinkedQueue<Req> done = new ConcurrentLinkedQueue<>();
            AtomicBoolean running = new AtomicBoolean(true);
            List<Thread> load = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                load.add(Thread.ofPlatform().daemon().start(() -> {
                    Netns.enter(tb.clientNamespace());
                    while (running.get()) done.add(request(tb));
                }));
            }
            out.printf("%-8s %5s %14s %14s %14s %10s%n", "drill", "runs", "detect p50/max", "takeover p50/max", "failed/drill", "requests");
            String[] victims = {"node2", "node3", "node4"};
            for (Action[] pair : new Action[][] {{Action.KILL, Action.START}, {Action.FREEZE, Action.THAW}, {Action.ISOLATE, Action.HEAL}}) {
                List<Long> detect = new ArrayList<>(), takeover = new ArrayList<>(), failed = new ArrayList<>();
                long requests = 0;
                for (int r = 0; r < repeat; r++) {
                    String victim = victims[r % victims.length];
                    List<String> others = tb.nodes().stream().map(n -> n.id()).filter(id -> !id.equals(victim)).toList();
                    long t0 = System.nanoTime();
                    tb.drill(victim, pair[0]);
                    long[] times = watch(tb, victim, others, t0);
                    detect.add(times[0]);
                    takeover.add(times[1]);
                    Thread.sleep(Math.max(0, 4_000 - (System.nanoTime() - t0) / 1_000_000));
                    long t1 = System.nanoTime();
                    List<Req> during = done.stream().filter(q -> q.startNanos >= t0 && q.startNanos < t1).toList();
                    requests += during.size();
                    failed.add(during.stream().filter(q -> !q.ok).count());
                    tb.drill(victim, pair[1]);
                    TestbedStatus.awaitServing(tb, 4);
                }
                out.printf("%-8s %5d %6d/%-7d %6d/%-7d %7.1f %10d%n", pair[0].name().toLowerCase(), repeat, p50(detect), Collections.max(detect),
                        p50(takeover), Collections.max(takeover), failed.stream().mapToLong(Long::longValue).average().orElse(0), requests);
            }
            running.set(false);
            for (Thread t : load) t.join(15_000);
        } finally {
            tb.down();
        }
        idleCpu(out);
        return 0;
    }

    /** [detection ms, takeover ms]: the others' views without the victim; their tables holding every bucket. */
    private static long[] watch(Testbed tb, String victim, List<String> others, long t0) throws Exception {
        long detected = -1;
        while ((System.nanoTime() - t0) < 15_000_000_000L) {
            boolean gone = true;
            long owned = 0;
            for (var n : tb.nodes()) {
                if (!others.contains(n.id())) continue;
                Map<String, Object> s = TestbedStatus.of(n);
                gone &= !TestbedStatus.liveNodes(s).contains(victim);
                owned += TestbedStatus.ownedBuckets(s);
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            if (gone && detected < 0) detected = ms;
            if (gone && owned == 4096) return new long[] {detected, ms};
            Thread.sleep(10);
        }
        throw new IllegalStateException(victim + ": not taken over within 15 s");
    }

    private static Req request(Testbed tb) {
        long t0 = System.nanoTime();
        try (Socket s = new Socket()) {
            s.setSoTimeout(8_000);
            s.connect(new InetSocketAddress(tb.vip(), tb.port()), 8_000);
            s.getOutputStream().write("GET /files/1KiB.bin HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] r = s.getInputStream().readAllBytes();
            boolean ok = new String(r, 0, Math.min(r.length, 12), StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200") && r.length > 1024;
            return new Req(t0, System.nanoTime(), ok);
        } catch (Exception e) {
            return new Req(t0, System.nanoTime(), false);
        }
    }

    /** Each daemon's CPU (user + system) over {@code idleSeconds} in an idle 8-node testbed. */
    private void idleCpu(PrintStream out) throws Exception {
        Testbed tb = Testbed.up(Testbed.Options.builder(stateDir).nodes(8).build());
        try {
            TestbedStatus.awaitServing(tb, 8);
            Thread.sleep(idleWarmupSeconds * 1000L);
            long tick = 100; // USER_HZ
            List<long[]> before = new ArrayList<>();
            for (var n : tb.nodes()) before.add(new long[] {tb.daemonPid(n.id()), cpuTicks(tb.daemonPid(n.id()))});
            Thread.sleep(idleSeconds * 1000L);
            double max = 0, sum = 0;
            for (long[] b : before) {
                double pct = (cpuTicks(b[0]) - b[1]) * 100.0 / tick / idleSeconds;
                max = Math.max(max, pct);
                sum += pct;
            }
            out.printf("idle daemon CPU at 8 nodes over %d s (after %d s idle): mean %.2f %% of a core, max %.2f %% (target <= 1 %%)%n",
                    idleSeconds, idleWarmupSeconds, sum / before.size(), max);
        } finally {
            tb.down();
        }
    }

    private static long cpuTicks(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    private static long p50(List<Long> v) {
        List<Long> s = new ArrayList<>(v);
        Collections.sort(s);
        return s.get(s.size() / 2);
    }
}
