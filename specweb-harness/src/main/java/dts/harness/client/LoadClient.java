package dts.harness.client;

import dts.harness.HarnessException;
import dts.harness.workload.Manifest;
import dts.harness.workload.Seeds;
import dts.harness.workload.SessionWalker;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The SPECweb Support load client: {@code sessions} users on a few event-loop threads (epoll when
 * available), each walking the Markov chain over one HTTP/1.1 keep-alive connection. Blocks until
 * the run is over and returns what it measured; errors are counted, never thrown.
 */
public final class LoadClient {
    private LoadClient() {}

    /** Runs the load against {@code cfg.target()} for the file set described by {@code manifest}. */
    public static Measurement run(ClientConfig cfg, Manifest manifest) {
        // Netty derives channel ids from a MAC address and warns when it finds none (namespaces)
        if (System.getProperty("io.netty.machineId") == null) System.setProperty("io.netty.machineId", "02:00:00:00:00:64");
        if (cfg.netns() != null) NetnsThreadFactory.check(cfg.netns());
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(cfg.ioThreads(), new NetnsThreadFactory(cfg.netns(), "dts-client"), io);
        try {
            return drive(cfg, manifest, group, new Bootstrap().channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, cfg.connectTimeoutMillis()))
                    .option(ChannelOption.TCP_NODELAY, true));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HarnessException("load client interrupted");
        } finally {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static Measurement drive(ClientConfig cfg, Manifest manifest, EventLoopGroup group, Bootstrap base) throws InterruptedException {
        long start = System.nanoTime();
        ClientStats stats = new ClientStats(cfg.thresholds(), start);
        RunControl control = new RunControl(cfg.maxRequests(), cfg.sessions());
        List<Session> sessions = new ArrayList<>(cfg.sessions());
        for (int i = 0; i < cfg.sessions(); i++) {
            SessionWalker walker = new SessionWalker(manifest, Seeds.mix(cfg.seed(), i), cfg.mix());
            Session s = new Session(group.next(), base, cfg, walker, stats, control);
            sessions.add(s);
            s.loop().execute(s::start);
        }
        ProgressBar bar = ProgressBar.forMode(cfg.progress(), start);
        ScheduledFuture<?> ticker = bar == null ? null : group.next().scheduleAtFixedRate(() -> bar.tick(System.nanoTime(),
                stats.startedSessions.get() - (int) control.finishedSessions(cfg.sessions()), cfg.sessions(),
                stats.requests(), stats.bodyBytes(), stats.errors()), 1, 1, TimeUnit.SECONDS);
        try {
            control.awaitStop(cfg.durationMillis());
            control.stop();
            for (Session s : sessions) s.loop().execute(s::stopIfIdle);
            if (!control.awaitFinished(cfg.drainTimeoutMillis())) abortAll(sessions);
        } finally {
            if (ticker != null) {
                ticker.cancel(false);
                bar.finish();
            }
        }
        return stats.toMeasurement(cfg.sessions(), System.nanoTime() - start);
    }

    private static void abortAll(List<Session> sessions) {
        List<io.netty.util.concurrent.Future<?>> done = new ArrayList<>();
        for (Session s : sessions) done.add(s.loop().submit(s::abort));
        for (io.netty.util.concurrent.Future<?> f : done) f.syncUninterruptibly();
    }
}
