package dts.node.e2e;

import dts.splicer.sys.Netns;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drives a mix of real HTTP connections from the client namespace to the VIP and checks every
 * response: Connection: close, keep-alive, pipelined, HEAD, Range and HTTP/1.0. Every body must be
 * byte-identical to the file; every failure is recorded with what went wrong.
 */
final class ClusterTraffic {
    enum Kind { CLOSE, KEEPALIVE, PIPELINED, HEAD, RANGE, HTTP10 }

    private final String netns;
    private final String vip;
    private final int port;
    private final TestDocroot docroot;
    final AtomicInteger connections = new AtomicInteger();
    final AtomicInteger requests = new AtomicInteger();
    final AtomicLong bodyBytes = new AtomicLong();
    final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<String> servedBy = new ConcurrentLinkedQueue<>();

    ClusterTraffic(String netns, String vip, int port, TestDocroot docroot) {
        this.netns = netns;
        this.vip = vip;
        this.port = port;
        this.docroot = docroot;
    }

    /** Runs {@code total} connections on {@code concurrency} threads inside the client namespace. */
    void run(int total, int concurrency, long seed) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency, r -> Thread.ofPlatform().unstarted(() -> {
            Netns.enter(netns);
            r.run();
        }));
        AtomicInteger next = new AtomicInteger();
        for (int t = 0; t < concurrency; t++) {
            Random rnd = new Random(seed + t);
            pool.execute(() -> {
                for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                    Kind k = Kind.values()[i % Kind.values().length];
                    try {
                        one(k, rnd);
                    } catch (Exception e) {
                        failures.add(k + ": " + e);
                    }
                }
            });
        }
        pool.shutdown();
        if (!pool.awaitTermination(10, TimeUnit.MINUTES)) failures.add("traffic did not finish in time");
    }

    private String pick(Random rnd) {
        List<String> p = docroot.paths();
        return p.get(rnd.nextInt(p.size()));
    }

    private void one(Kind k, Random rnd) throws Exception {
        connections.incrementAndGet();
        try (HttpProbe c = new HttpProbe(vip, port, 15_000)) {
            switch (k) {
                case CLOSE -> {
                    String p = pick(rnd);
                    c.send("GET " + p + " HTTP/1.1\r\nHost: dts\r\nConnection: close\r\n\r\n");
                    check(p, c.read(false), 200, docroot.bytes(p));
                    if (c.drainToEof() != 0) failures.add("bytes after a Connection: close response");
                }
                case KEEPALIVE -> {
                    for (int i = 0; i < 3; i++) {
                        String p = pick(rnd);
                        c.send("GET " + p + " HTTP/1.1\r\nHost: dts\r\n\r\n");
                        check(p, c.read(false), 200, docroot.bytes(p));
                    }
                }
                case PIPELINED -> {
                    String[] ps = {pick(rnd), pick(rnd), pick(rnd)};
                    StringBuilder sb = new StringBuilder();
                    for (String p : ps) sb.append("GET ").append(p).append(" HTTP/1.1\r\nHost: dts\r\n\r\n");
                    c.send(sb.toString());
                    for (String p : ps) check(p, c.read(false), 200, docroot.bytes(p));
                }
                case HEAD -> {
                    String p = pick(rnd);
                    c.send("HEAD " + p + " HTTP/1.1\r\nHost: dts\r\nConnection: close\r\n\r\n");
                    HttpProbe.Response r = c.read(true);
                    check(p, r, 200, new byte[0]);
                    if (!String.valueOf(docroot.bytes(p).length).equals(r.header("content-length"))) {
                        failures.add("HEAD " + p + ": content-length " + r.header("content-length"));
                    }
                }
                case RANGE -> {
                    String p = pick(rnd);
                    byte[] all = docroot.bytes(p);
                    int from = rnd.nextInt(all.length);
                    int to = Math.min(all.length - 1, from + rnd.nextInt(64 * 1024));
                    c.send("GET " + p + " HTTP/1.1\r\nHost: dts\r\nRange: bytes=" + from + "-" + to + "\r\nConnection: close\r\n\r\n");
                    check(p, c.read(false), 206, Arrays.copyOfRange(all, from, to + 1));
                }
                case HTTP10 -> {
                    String p = pick(rnd);
                    c.send("GET " + p + " HTTP/1.0\r\n\r\n");
                    check(p, c.read(false), 200, docroot.bytes(p));
                }
            }
        }
    }

    private void check(String path, HttpProbe.Response r, int status, byte[] expected) {
        requests.incrementAndGet();
        bodyBytes.addAndGet(r.body().length);
        String node = r.header("x-dts-node");
        if (node != null) servedBy.add(node);
        if (r.status() != status) {
            failures.add(path + ": status " + r.status() + " (expected " + status + ")");
        } else if (!Arrays.equals(r.body(), expected)) {
            failures.add(path + ": body differs (" + r.body().length + " bytes, expected " + expected.length + ")");
        }
    }

    List<String> failureSample() {
        List<String> l = new ArrayList<>(failures);
        return l.subList(0, Math.min(10, l.size()));
    }

    /**
     * {@code count} GETs (Connection: close) for {@code paths} in turn, on {@code threads} threads in the
     * client namespace; returns what failed (a status other than 200, a body that differs, an error).
     */
    static List<String> burst(dts.testbed.Testbed tb, TestDocroot docroot, List<String> paths, int count, int threads)
            throws InterruptedException {
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> Thread.ofPlatform().unstarted(() -> {
            Netns.enter(tb.clientNamespace());
            r.run();
        }));
        for (int i = 0; i < count; i++) {
            String path = paths.get(i % paths.size());
            pool.execute(() -> {
                try (HttpProbe c = new HttpProbe(tb.vip(), tb.port(), 20_000)) {
                    c.send("GET " + path + " HTTP/1.1\r\nHost: dts\r\nConnection: close\r\n\r\n");
                    HttpProbe.Response r = c.read(false);
                    if (r.status() != 200 || !Arrays.equals(r.body(), docroot.bytes(path))) {
                        failures.add(path + ": status " + r.status() + ", " + r.body().length + " bytes");
                    }
                } catch (Exception e) {
                    failures.add(path + ": " + e);
                }
            });
        }
        pool.shutdown();
        if (!pool.awaitTermination(60, TimeUnit.SECONDS)) failures.add("burst did not finish in 60 s");
        return new ArrayList<>(failures);
    }
}
