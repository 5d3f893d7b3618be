package dts.node.e2e;

import dts.splicer.sys.Netns;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Continuous load for failure drills, from the client namespace: threads that open a connection per
 * request, and threads that keep one connection for many requests (reconnecting after a failure).
 * Every request is recorded: when it started and ended, its client port (its SYN's bucket), the node
 * that answered the request before it on the same connection, and what went wrong, if anything.
 */
final class DrillLoad implements AutoCloseable {
    /** One request. {@code previousNode}: who answered the previous request on its connection (null: first). */
    record Request(long startNanos, long endNanos, int clientPort, boolean keepAlive, String previousNode, String node, String error) {
        boolean failed() { return error != null; }
    }

    /**
     * Per request. A frozen node's kernel still completes handshakes for its buckets until its lease
     * runs out (up to 750 ms), and those connections wait for its thaw; with a timeout as long as a drill's
     * hold, every load thread can end up waiting there and the drill would see no new connection at
     * all. Requests take milliseconds, so 3 s only cuts those waits short.
     */
    private static final int TIMEOUT_MILLIS = 3_000;
    final ConcurrentLinkedQueue<Request> done = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> threads = new ArrayList<>();
    private final String vip;
    private final int port;
    private final TestDocroot docroot;
    private final List<String> paths;

    private final long pauseMillis;

    DrillLoad(String netns, String vip, int port, TestDocroot docroot, int perRequestThreads, int keepAliveThreads) {
        this(netns, vip, port, docroot, perRequestThreads, keepAliveThreads, 20);
    }

    /** @param pauseMillis how long a keep-alive connection stays idle between its requests */
    DrillLoad(String netns, String vip, int port, TestDocroot docroot, int perRequestThreads, int keepAliveThreads, long pauseMillis) {
        this(netns, vip, port, docroot, docroot.paths(), perRequestThreads, keepAliveThreads, pauseMillis);
    }

    /** @param paths the paths requested (of {@code docroot}) */
    DrillLoad(String netns, String vip, int port, TestDocroot docroot, List<String> paths, int perRequestThreads, int keepAliveThreads,
              long pauseMillis) {
        this.pauseMillis = pauseMillis;
        this.vip = vip;
        this.port = port;
        this.docroot = docroot;
        this.paths = List.copyOf(paths);
        for (int i = 0; i < perRequestThreads + keepAliveThreads; i++) {
            boolean keepAlive = i >= perRequestThreads;
            threads.add(Thread.ofPlatform().daemon().name("drill-load-" + i).start(() -> {
                Netns.enter(netns);
                while (running.get()) {
                    if (keepAlive) keepAliveConnection();
                    else oneRequest();
                }
            }));
        }
    }

    private void oneRequest() {
        long t0 = System.nanoTime();
        int localPort = -1;
        String path = paths.get(ThreadLocalRandom.current().nextInt(paths.size()));
        try (HttpProbe c = new HttpProbe(vip, port, TIMEOUT_MILLIS)) {
            localPort = c.localPort();
            c.send("GET " + path + " HTTP/1.1\r\nHost: dts\r\nConnection: close\r\n\r\n");
            HttpProbe.Response r = c.read(false);
            done.add(new Request(t0, System.nanoTime(), localPort, false, null, r.header("x-dts-node"), check(path, r)));
        } catch (Exception e) {
            done.add(new Request(t0, System.nanoTime(), localPort, false, null, null, String.valueOf(e)));
        }
    }

    private void keepAliveConnection() {
        long t0 = System.nanoTime();
        int localPort = -1;
        String previous = null;
        try (HttpProbe c = new HttpProbe(vip, port, TIMEOUT_MILLIS)) {
            localPort = c.localPort();
            for (int i = 0; i < 50 && running.get(); i++) {
                String path = paths.get(ThreadLocalRandom.current().nextInt(paths.size()));
                t0 = System.nanoTime();
                c.send("GET " + path + " HTTP/1.1\r\nHost: dts\r\n\r\n");
                HttpProbe.Response r = c.read(false);
                String node = r.header("x-dts-node");
                String error = check(path, r);
                done.add(new Request(t0, System.nanoTime(), localPort, true, previous, node, error));
                if (error != null) return;
                previous = node;
                Thread.sleep(pauseMillis);
            }
        } catch (Exception e) {
            done.add(new Request(t0, System.nanoTime(), localPort, true, previous, null, String.valueOf(e)));
        }
    }

    private String check(String path, HttpProbe.Response r) {
        if (r.status() != 200) return "status " + r.status();
        if (!Arrays.equals(r.body(), docroot.bytes(path))) return "body of " + path + " differs";
        return null;
    }

    /** Requests that started in [fromNanos, toNanos). */
    List<Request> startedBetween(long fromNanos, long toNanos) {
        return done.stream().filter(r -> r.startNanos >= fromNanos && r.startNanos < toNanos).toList();
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread t : threads) t.join(TIMEOUT_MILLIS + 2_000);
    }
}
