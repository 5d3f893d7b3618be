package dts.splicer.backend;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A figure, printed and not asserted: heap held per idle keep-alive connection of the embedded
 * backend (used heap after GC with N idle connections, less before, over N). The clients run in a
 * child JVM so that only the server's side is on this heap.
 */
class IdleConnectionHeapTest {
    private static final int N = 2000;

    @Test void heapPerIdleConnection(@TempDir Path tmp) throws Exception {
        Docroot docroot = new Docroot(tmp);
        BackendStats stats = new BackendStats();
        try (TestServer server = new TestServer(StaticBackend.Config.builder(docroot.root, "node-7").stats(stats).build())) {
            warmUp(server.port());
            long before = usedAfterGc();
            Process clients = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), IdleClients.class.getName(),
                    Integer.toString(server.port()), Integer.toString(N))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(clients.getInputStream(), StandardCharsets.US_ASCII));
                assertEquals("ready", out.readLine());
                Thread.sleep(500); // every connection parked (if it does) after its response
                long after = usedAfterGc();
                System.out.printf("heap per idle keep-alive connection: %.0f bytes (%d connections, %d -> %d bytes used)%n",
                        (after - before) / (double) N, N, before, after);
            } finally {
                clients.getOutputStream().close();
                clients.waitFor();
            }
        }
    }

    /** One connection served first, so classes and the allocator's first chunks are not counted. */
    private static void warmUp(int port) throws Exception {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            for (int i = 0; i < 3; i++) {
                s.getOutputStream().write("GET /hello.txt HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                RawHttp.read(s.getInputStream(), false);
            }
        }
        Thread.sleep(200);
    }

    private static long usedAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
