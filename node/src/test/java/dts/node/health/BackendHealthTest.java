package dts.node.health;

import dts.config.HealthCheck;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The checker on its loop against a real HTTP server: it goes down on exactly the fall-th failure
 * and up on exactly the rise-th success (checks every 100 ms, state polled every 2 ms).
 */
@Timeout(60)
class BackendHealthTest {
    private static final HealthCheck CHECK = new HealthCheck(100, 50, 2, 3, "/");
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    private final TestBackends backends = new TestBackends();
    private BackendHealth health;

    @AfterEach
    void stop() throws Exception {
        if (health != null) health.close();
        backends.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private BackendHealth start(InetSocketAddress at) {
        health = BackendHealth.http(at, "127.0.0.1:" + at.getPort(), CHECK, group.next()).start();
        return health;
    }

    @Test
    void fallsOnTheThirdFailedCheckAndRisesOnTheSecondGoodOne() throws Exception {
        BackendHealth h = start(backends.http());
        await(() -> h.checks() >= 2, "two good checks");
        assertTrue(h.up());
        assertEquals(0, h.failures());

        backends.status.set(503);
        await(() -> !h.up(), "down");
        long okAtDown = h.checks() - h.failures();
        assertEquals(3, h.failures(), "down on exactly the third failure");
        assertEquals("status 503", h.status().get("last_error"));
        assertEquals("down", h.status().get("state"));

        backends.status.set(200);
        await(h::up, "up again");
        assertEquals(2, h.checks() - h.failures() - okAtDown, "up on exactly the second good check");
        assertTrue((Long) h.status().get("last_change_ms_ago") < 100, h.status().toString());
    }

    @Test
    void aServerThatNeverAnswersGoesDownByTimeouts() throws Exception {
        BackendHealth h = start(backends.silent());
        await(() -> !h.up(), "down");
        assertEquals(3, h.failures());
        assertEquals("timeout after 50 ms waiting for the status line", h.status().get("last_error"));
    }

    @Test
    void aClosedPortGoesDownAfterFallChecks() throws Exception {
        long start = System.nanoTime();
        BackendHealth h = start(TestBackends.closedPort());
        await(() -> !h.up(), "down");
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(3, h.checks());
        assertEquals("connection refused", h.status().get("last_error"));
        // checks at 0, 100, 200 ms: down after about (fall - 1) x interval, never later than fall x interval
        assertTrue(tookMillis >= 190 && tookMillis < 300 + 200, tookMillis + " ms");
    }

    @Test
    void theEmbeddedBackendIsAlwaysUpAndNeverChecked() throws Exception {
        BackendHealth h = BackendHealth.embedded().start();
        Thread.sleep(50);
        assertTrue(h.up());
        assertEquals(0, h.checks());
        assertEquals("never (embedded backend)", h.status().get("checked"));
    }

    @Test
    void closeStopsTheChecks() throws Exception {
        BackendHealth h = start(backends.http());
        await(() -> h.checks() >= 1, "a check");
        h.close();
        Thread.sleep(150);
        long after = h.checks();
        Thread.sleep(250);
        assertEquals(after, h.checks());
        assertFalse(backends.requests.isEmpty());
    }

    /** Polls every 2 ms (checks are 100 ms apart). */
    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "within 10 s: " + what);
            Thread.sleep(2);
        }
    }
}
