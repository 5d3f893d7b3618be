package dts.node.health;

import dts.config.HealthCheck;
import io.netty.channel.EventLoop;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Whether this node's local web server answers: an {@link HttpProbe} every interval on the control
 * loop (never a data-path loop), judged by rise/fall ({@link HealthState}). The embedded backend is
 * not checked and is always up. While down, the node is left out of placement ({@code HealthyPlacer}).
 */
public final class BackendHealth implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(BackendHealth.class.getName());
    private final String backend;
    private final HttpProbe probe;
    private final HealthCheck check;
    private final EventLoop loop;
    private final HealthState state;
    private volatile boolean stopped;

    private BackendHealth(String backend, HttpProbe probe, HealthCheck check, EventLoop loop) {
        this.backend = backend;
        this.probe = probe;
        this.check = check;
        this.loop = loop;
        this.state = new HealthState(check.rise(), check.fall(), System.nanoTime());
    }

    /** Always up, never checked. */
    public static BackendHealth embedded() {
        return new BackendHealth("embedded", null, HealthCheck.defaults(), null);
    }

    /**
     * Checks the web server at {@code address} ({@code hostHeader} as the request's Host) on {@code loop}:
     * an {@code InetSocketAddress}, or a Netty {@code DomainSocketAddress} for a Unix stream socket.
     */
    public static BackendHealth http(java.net.SocketAddress address, String hostHeader, HealthCheck check, EventLoop loop) {
        HttpProbe probe = new HttpProbe(address, hostHeader, check.path(), check.timeoutMillis(), loop);
        String name = address instanceof io.netty.channel.unix.DomainSocketAddress unix ? "unix:" + unix.path() + " " + check.path()
                : "http://" + hostHeader + check.path();
        return new BackendHealth(name, probe, check, loop);
    }

    /** Runs the first check now, then one every interval (the next starts an interval after the last started). */
    public BackendHealth start() {
        if (probe != null) loop.execute(this::checkNow);
        return this;
    }

    private void checkNow() {
        if (stopped) return;
        long started = System.nanoTime();
        probe.run(error -> {
            long now = System.nanoTime();
            if (state.record(error, now)) {
                if (state.up()) LOG.info("backend " + backend + " up after " + check.rise() + " good checks");
                else LOG.warning("backend " + backend + " down after " + check.fall() + " failed checks (last: " + error
                        + "): this node serves no new requests until it is up again");
            }
            long waitNanos = TimeUnit.MILLISECONDS.toNanos(check.intervalMillis()) - (now - started);
            if (!stopped) loop.schedule(this::checkNow, Math.max(0, waitNanos), TimeUnit.NANOSECONDS);
        });
    }

    public boolean up() { return state.up(); }

    public long checks() { return state.checks(); }

    public long failures() { return state.failures(); }

    /** {@code state, checks, failures, last_change_ms_ago, last_error}, and what is checked. */
    public Map<String, Object> status() {
        Map<String, Object> m = new LinkedHashMap<>(state.snapshot(System.nanoTime()));
        m.put("checked", probe == null ? "never (embedded backend)" : "GET " + backend + " every " + check.intervalMillis()
                + " ms, rise " + check.rise() + ", fall " + check.fall() + ", timeout " + check.timeoutMillis() + " ms");
        return m;
    }

    @Override public void close() { stopped = true; }
}
