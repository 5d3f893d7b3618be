package dts.cli;

import dts.splicer.sys.Netns;
import dts.testbed.NodeHandle;
import dts.testbed.Testbed;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Downloads moved mid-body: N slow readers of a 16 MiB file over nginx (each reads 16 KiB every
 * 20 ms), the node serving the most of them is drained while they are under way; each response is
 * cut where its pipe is empty and continued by another node from its own web server. Prints, for the
 * downloads that node was serving, the longest pause the client saw between two reads (its own 20 ms
 * sleep taken off), and checks every body against the file.
 */
@Command(name = "midbody", description = "Drains a node serving N slow downloads (nginx): longest client-observed pause, "
        + "responses cut and resumed, every body checked.")
final class MidBodyBench implements Callable<Integer> {
    @Option(names = "--downloads", defaultValue = "100", description = "slow downloads at once (default: ${DEFAULT-VALUE})")
    int downloads;

    @Option(names = "--state-dir", defaultValue = StateDir.DEFAULT, description = "state directory (default: ${DEFAULT-VALUE})")
    Path stateDir;

    /** Larger than what the sockets on the way buffer (up to 4 MiB each), so that responses are still being sent. */
    private static final int FILE_BYTES = 16 << 20;
    private static final String PATH = "/files/16MiB.bin";
    private static final int READ_BYTES = 16 << 10;
    private static final long READ_EVERY_MILLIS = 20;

    /** One download: who answered, its body's digest, the longest wait for a read beyond the reader's own sleep. */
    private record Download(String node, String sha, long bytes, long longestPauseMicros, String error) {}

    @Override
    public Integer call() throws Exception {
        Path docroot = java.nio.file.Files.createTempDirectory("dts-midbody");
        java.nio.file.Files.createDirectories(docroot.resolve("files"));
        byte[] file = new byte[FILE_BYTES];
        new java.util.Random(16).nextBytes(file);
        java.nio.file.Files.write(docroot.resolve("files/16MiB.bin"), file);
        java.nio.file.Files.write(docroot.resolve("files/1KiB.bin"), Arrays.copyOf(file, 1024));
        Testbed tb = Testbed.up(Testbed.Options.builder(stateDir).nodes(4).backend(Testbed.Backend.NGINX).docroot(docroot).build());
        try {
            TestbedStatus.awaitServing(tb, 4);
            Download reference = Netns.call(tb.clientNamespace(), () -> download(tb, 0));
            if (reference.error() != null) throw new IOException("reference download: " + reference.error());
            ConcurrentLinkedQueue<Download> done = new ConcurrentLinkedQueue<>();
            List<Thread> readers = new ArrayList<>();
            for (int i = 0; i < downloads; i++) {
                readers.add(Thread.ofPlatform().start(() -> done.add(Netns.call(tb.clientNamespace(), () -> download(tb, READ_EVERY_MILLIS)))));
            }
            Thread.sleep(400);
            Map<String, Integer> serving = new TreeMap<>();
            for (NodeHandle n : tb.nodes()) serving.put(n.id(), ((Number) TestbedStatus.of(n).get("active_connections")).intValue());
            String victim = serving.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
            AdminClient admin = new AdminClient(StateDir.load(stateDir));
            AdminClient.Reply r = admin.post(victim, "/drain");
            if (!r.ok()) throw new IOException("drain refused: " + r.text());
            for (Thread t : readers) t.join();
            long cut = 0;
            long resumed = 0;
            long failed = 0;
            for (NodeHandle n : tb.nodes()) {
                Map<String, Object> s = TestbedStatus.of(n);
                cut += ((Number) s.get("responses_cut")).longValue();
                resumed += ((Number) s.get("responses_resumed")).longValue();
                failed += ((Number) s.get("resumes_failed")).longValue();
            }
            List<Download> all = List.copyOf(done);
            List<Download> wrong = all.stream().filter(d -> d.error() != null || !reference.sha().equals(d.sha())).toList();
            long[] pauses = all.stream().filter(d -> victim.equals(d.node())).mapToLong(Download::longestPauseMicros).sorted().toArray();
            long[] others = all.stream().filter(d -> !victim.equals(d.node())).mapToLong(Download::longestPauseMicros).sorted().toArray();
            System.out.printf("%d slow downloads of %s (16 KiB per 20 ms), connections per node before the drain: %s; drained %s%n",
                    downloads, PATH, serving, victim);
            System.out.printf("(reference download at full speed: %d bytes, sha256 %s...)%n", reference.bytes(), reference.sha().substring(0, 12));
            System.out.printf("responses cut mid-body %d, resumed %d, resumes failed %d; downloads wrong or failed: %d%n",
                    cut, resumed, failed, wrong.size());
            System.out.printf("longest client-observed pause, downloads %s served when drained (%d): max %.1f ms, p50 %.1f ms; "
                            + "the others (%d): max %.1f ms, p50 %.1f ms%n", victim, pauses.length, at(pauses, 1.0), at(pauses, 0.5),
                    others.length, at(others, 1.0), at(others, 0.5));
            wrong.stream().limit(5).forEach(d -> System.out.println("  wrong: " + d));
            return wrong.isEmpty() ? 0 : 1;
        } finally {
            tb.down();
            for (String f : new String[] {"files/16MiB.bin", "files/1KiB.bin", "files", ""}) java.nio.file.Files.deleteIfExists(docroot.resolve(f));
        }
    }

    private static double at(long[] sorted, double q) {
        if (sorted.length == 0) return 0;
        return sorted[Math.min(sorted.length - 1, (int) (q * (sorted.length - 1)))] / 1000.0;
    }

    /** One GET read {@link #READ_BYTES} at a time with {@code sleepMillis} between reads. */
    private static Download download(Testbed tb, long sleepMillis) {
        String node = null;
        try (SocketChannel c = SocketChannel.open()) {
            c.setOption(StandardSocketOptions.SO_RCVBUF, 64 << 10);
            c.connect(new InetSocketAddress(tb.vip(), tb.port()));
            c.write(ByteBuffer.wrap(("GET " + PATH + " HTTP/1.1\r\nHost: dts\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII)));
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            ByteBuffer in = ByteBuffer.allocate(READ_BYTES);
            ResponseHead head = new ResponseHead();
            long bytes = 0;
            long longest = 0;
            long last = System.nanoTime();
            while (true) {
                in.clear();
                int n = c.read(in);
                long now = System.nanoTime();
                longest = Math.max(longest, (now - last) / 1000 - sleepMillis * 1000);
                if (n < 0) break;
                int bodyFrom = head.feed(in.array(), n);
                if (bodyFrom >= 0) {
                    sha.update(in.array(), bodyFrom, n - bodyFrom);
                    bytes += n - bodyFrom;
                    if (node == null) node = head.header("x-dts-node");
                }
                if (sleepMillis > 0) Thread.sleep(sleepMillis);
                last = System.nanoTime();
            }
            return new Download(node, HexFormat.of().formatHex(sha.digest()), bytes, longest, null);
        } catch (Exception e) {
            return new Download(node, "", 0, 0, e.toString());
        }
    }
}
