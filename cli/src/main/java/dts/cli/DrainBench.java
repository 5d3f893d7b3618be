package dts.cli;

import dts.splicer.sys.Netns;
import dts.testbed.NodeHandle;
import dts.testbed.Testbed;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * A drain of a node holding many idle keep-alive connections: N connections each make one request,
 * the other nodes move theirs to the node holding the most (not measured), that node is drained, and
 * the time until it holds none is measured, with each connection's freeze and the node's heap per
 * idle connection; then every connection makes one more request (all must succeed, wherever they
 * now are). Client retransmissions during the drain are counted in the client's namespace.
 */
@Command(name = "drain", description = "Drains a node holding N idle keep-alive connections: time to drained, moves/s, "
        + "fallbacks, client retransmissions, and a request on every connection afterwards.")
final class DrainBench implements Callable<Integer> {
    @Option(names = "--connections", defaultValue = "1000", description = "idle keep-alive connections (default: ${DEFAULT-VALUE})")
    int connections;

    @Option(names = "--backend", defaultValue = "embedded", description = "embedded | nginx (default: ${DEFAULT-VALUE})")
    String backend;

    @Option(names = "--state-dir", defaultValue = StateDir.DEFAULT, description = "state directory (default: ${DEFAULT-VALUE})")
    Path stateDir;

    private static final String PATH = "/files/1KiB.bin";
    private static final int OPENERS = 8;

    @Override
    public Integer call() throws Exception {
        Testbed tb = Testbed.up(Testbed.Options.builder(stateDir).nodes(4)
                .backend(Testbed.Backend.valueOf(backend.toUpperCase())).build());
        List<SocketChannel> conns = java.util.Collections.synchronizedList(new ArrayList<>());
        try {
            TestbedStatus.awaitServing(tb, 4);
            Map<String, Integer> before = new java.util.concurrent.ConcurrentSkipListMap<>();
            java.util.concurrent.atomic.AtomicInteger failed = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
            List<Thread> openers = new ArrayList<>();
            for (int t = 0; t < OPENERS; t++) { // in parallel: the first connections must not sit out the idle timeout (60 s)
                openers.add(Thread.ofPlatform().start(() -> Netns.call(tb.clientNamespace(), () -> {
                    while (next.getAndIncrement() < connections) {
                        SocketChannel c = SocketChannel.open(new InetSocketAddress(tb.vip(), tb.port()));
                        conns.add(c);
                        String node = request(c);
                        if (node == null) failed.incrementAndGet();
                        else before.merge(node, 1, Integer::sum);
                    }
                    return null;
                })));
            }
            for (Thread t : openers) t.join();
            int[] failedBefore = {failed.get()};
            String victim = before.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
            NodeHandle v = tb.nodes().stream().filter(n -> n.id().equals(victim)).findFirst().orElseThrow();
            AdminClient admin = new AdminClient(StateDir.load(stateDir));
            long heapFew = HeapUsed.afterGc(v.pid());
            long few = num(TestbedStatus.of(v), "active_connections");
            for (NodeHandle n : tb.nodes()) { // every connection onto the victim first (moves, not measured)
                if (!n.id().equals(victim)) admin.post(n.id(), "/move/" + victim + "/" + connections);
            }
            long gather = System.nanoTime();
            while (num(TestbedStatus.of(v), "active_connections") < connections - failedBefore[0]) {
                if (System.nanoTime() - gather > 120_000_000_000L) {
                    StringBuilder why = new StringBuilder();
                    for (NodeHandle n : tb.nodes()) {
                        Map<String, Object> s = TestbedStatus.of(n);
                        why.append('\n').append(n.id()).append(": active ").append(s.get("active_connections")).append(", states ")
                                .append(s.get("connection_states")).append(", fallbacks ").append(s.get("handoff_fallbacks"))
                                .append(", restore failures ").append(s.get("restore_failures")).append(", in ").append(s.get("handoffs_in"))
                                .append(", out ").append(s.get("handoffs_out"));
                    }
                    throw new IOException(victim + " holds only " + TestbedStatus.of(v).get("active_connections") + " of " + connections + why);
                }
                Thread.sleep(50);
            }
            Map<String, Object> s0 = TestbedStatus.of(v);
            long gained = num(s0, "active_connections") - few;
            long heapPerConnection = gained < 100 ? -1 : (HeapUsed.afterGc(v.pid()) - heapFew) / gained; // -1: too few to tell
            long retrans0 = tb.clientRetransmissions();
            long t0 = System.nanoTime();
            AdminClient.Reply r = admin.post(victim, "/drain");
            if (!r.ok()) throw new IOException("drain refused: " + r.text());
            Map<String, Object> s1;
            while (!"drained".equals((s1 = TestbedStatus.of(v)).get("state"))) {
                if (System.nanoTime() - t0 > 60_000_000_000L) throw new IOException(victim + " not drained after 60 s: " + s1.get("connection_states"));
                Thread.sleep(10);
            }
            long drainedMillis = (System.nanoTime() - t0) / 1_000_000;
            long retrans = tb.clientRetransmissions() - retrans0;
            long moved = num(s1, "handoffs_out") - num(s0, "handoffs_out");
            long fallbacks = num(s1, "handoff_fallbacks") - num(s0, "handoff_fallbacks");
            Map<String, Integer> after = new TreeMap<>();
            int failedAfter = 0;
            for (SocketChannel c : conns) {
                String node = request(c);
                if (node == null) failedAfter++;
                else after.merge(node, 1, Integer::sum);
            }
            System.out.printf("%d idle keep-alive connections (%s backend), %d failed to set up; by node: %s%n",
                    connections, backend, failedBefore[0], before);
            System.out.printf("drain %s holding %s: drained in %d ms; %d moved (%.0f moves/s), %d fell back, %s moved while idle; "
                            + "client retransmissions during the drain: %d%n",
                    victim, s0.get("active_connections"), drainedMillis, moved, moved * 1000.0 / Math.max(1, drainedMillis), fallbacks,
                    s1.get("connections_left"), retrans);
            @SuppressWarnings("unchecked")
            Map<String, Object> freeze = (Map<String, Object>) s1.get("move_freeze_us");
            System.out.printf("per connection: frozen (dump to LIVE) p50 %s us, p99 %s us, max %s us over %s moves; "
                    + "heap at %s per idle client connection: %d bytes (after full GCs, holding %s connections vs before the others moved theirs there; -1: too few moved there to tell)%n",
                    freeze.get("p50"), freeze.get("p99"), freeze.get("max"), freeze.get("count"), victim, heapPerConnection,
                    s0.get("active_connections"));
            List<String> restores = new ArrayList<>();
            for (NodeHandle n : tb.nodes()) if (!n.id().equals(victim)) restores.add(n.id() + " " + TestbedStatus.of(n).get("restore_us"));
            System.out.printf("victim: decision to READY %s us, waits before the dump %s us; restores at the targets: %s%n",
                    s1.get("handoff_ready_us"), s1.get("drain_wait_us"), restores);
            System.out.printf("one more request on every connection: %d ok, %d failed; served by %s%n",
                    connections - failedAfter, failedAfter, after);
            admin.post(victim, "/undrain");
            return failedBefore[0] + failedAfter == 0 && !after.containsKey(victim) ? 0 : 1;
        } finally {
            for (SocketChannel c : conns) c.close();
            tb.down();
        }
    }

    /** One keep-alive GET; the node that answered (X-DTS-Node), or null when it failed. */
    private static String request(SocketChannel c) {
        try {
            c.write(ByteBuffer.wrap(("GET " + PATH + " HTTP/1.1\r\nHost: dts\r\n\r\n").getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer in = ByteBuffer.allocate(8192);
            ResponseHead head = new ResponseHead();
            long body = 0;
            while (true) {
                in.clear();
                int n = c.read(in);
                if (n < 0) return null;
                int from = head.feed(in.array(), n);
                if (from < 0) continue;
                if (!head.statusLine().startsWith("HTTP/1.1 200")) return null;
                body += n - from;
                if (body >= head.contentLength()) return head.header("x-dts-node");
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static long num(Map<String, Object> s, String key) { return ((Number) s.get(key)).longValue(); }
}
