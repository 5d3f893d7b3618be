package dts.node;

import dts.config.ClusterConfig;
import dts.config.ConfigException;
import dts.config.DtsConfig;
import dts.config.NodeConfig;
import dts.inspector.http.HeadParser;
import dts.inspector.route.Router;
import dts.config.ClusterKey;
import dts.node.admin.AdminAuth;
import dts.node.admin.AdminServer;
import dts.node.admin.ClusterNodes;
import dts.node.admin.DrainMetrics;
import dts.node.admin.ServingMetrics;
import dts.node.cluster.Membership;
import dts.node.handoff.ControlServer;
import dts.node.handoff.HandoffCoordinator;
import dts.node.handoff.HandoffReceiver;
import dts.node.handoff.LinkKeys;
import dts.node.handoff.PeerLink;
import dts.node.handoff.PeerLoads;
import dts.node.health.BackendHealth;
import dts.node.health.BackendsDown;
import dts.node.health.HealthyPlacer;
import dts.node.conn.Connections;
import dts.node.inspect.Inspector;
import dts.splicer.backend.VipListener;
import dts.node.serve.Warmup;
import io.netty.channel.IoEventLoop;
import dts.node.reload.ConfigFiles;
import dts.node.reload.ReloadWatcher;
import dts.node.serve.LocalServer;
import dts.splicer.nft.FlowTable;
import dts.splicer.repair.SegmentTap;
import dts.splicer.repair.TcpRepair;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * One DTS node: the VIP listener whose connections it inspects, the control channel for hand-offs,
 * membership and flow ownership in nftables, the local backend, and the admin endpoint.
 */
public final class NodeDaemon implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(NodeDaemon.class.getName());
    /** How long an orderly stop waits for the connections it holds to end before it drops them. */
    static final long STOP_GRACE_MILLIS = 30_000;
    /** How often the config files are checked for edits (a change applies within two polls). */
    private static final long RELOAD_POLL_MILLIS = 250;
    /** Loads are averaged (for placement's stay rule) from samples this often, over this time constant. */
    private static final long STEADY_LOAD_SAMPLE_MILLIS = 50;
    private static final long STEADY_LOAD_TAU_MILLIS = 500;
    /** What the kernel may hold of client segments for frozen connections between two reads (SegmentTap). */
    private static final int FROZEN_SEGMENTS_BUFFER_BYTES = 4 << 20;
    private final ConfigFiles configFiles;
    private ReloadWatcher watcher;
    private final String selfId;
    private final NodeStats stats = new NodeStats();
    private dts.inspector.route.LocalCache localCache;
    private dts.inspector.route.SteadyLoads steadyLoads;
    private final Map<String, PeerLink> links = new ConcurrentHashMap<>();
    private PeerLoads peerLoads = new PeerLoads();
    private BackendHealth health = BackendHealth.embedded();
    private BackendsDown backendsDown;
    private volatile DtsConfig config;
    private volatile Router router;
    private volatile String lastReloadError;
    private EventLoopGroup group;
    /** One thread for control work: membership refresh (waits for nft), config polling, admin requests. */
    private EventLoopGroup controlGroup;
    private FlowTable flows;
    private SegmentTap tap;
    private LocalServer local;
    private HandoffCoordinator coordinator;
    private Connections connections;
    private HandoffReceiver receiver;
    private Membership membership;
    private ControlServer control;
    private AdminServer admin;
    private VipListener listener;
    /** Requests of the start-up warm-up ({@link Warmup}): enough for the JIT to compile the request path. */
    static final int WARMUP_REQUESTS = 2000;
    /** Loopback connection moves of the start-up warm-up (TCP_REPAIR dump, restore, release). */
    static final int WARMUP_MOVES = 500;
    /** The most a warm-up may take per event loop; the node starts anyway. */
    static final long WARMUP_MAX_MILLIS = 5000;
    private volatile dts.node.drain.NodeDrain drain;
    private dts.node.health.Unavailable unavailable;

    private NodeDaemon(ConfigFiles configFiles, String selfId, DtsConfig config) {
        this.configFiles = configFiles;
        this.selfId = selfId;
        this.config = config;
        this.router = Router.create(config);
        stats.requestsByPool.known(config.pools().keySet());
    }

    /** Loads the config, checks kernel features, and starts every part of the node. */
    public static NodeDaemon start(ConfigFiles configFiles, String selfId) throws Exception {
        String text = configFiles.read();
        DtsConfig cfg = configFiles.parse(text);
        NodeConfig self = cfg.node(selfId).orElseThrow(() -> new ConfigException(
                configFiles.name(), List.of("--id " + selfId + ": no such node (nodes: " + cfg.nodes().stream().map(NodeConfig::id).toList() + ")")));
        Epoll.ensureAvailability();
        TcpRepair.checkAvailable();
        FlowTable.checkAvailable();
        NodeDaemon d = new NodeDaemon(configFiles, selfId, cfg);
        try {
            d.startParts(self);
            d.watcher = new ReloadWatcher(configFiles, text, d::apply, err -> d.lastReloadError = err);
            d.watcher.start(d.controlGroup.next(), RELOAD_POLL_MILLIS);
        } catch (Exception e) {
            d.close();
            throw e;
        }
        return d;
    }

    private void startParts(NodeConfig self) throws Exception {
        ClusterConfig c = config.cluster();
        ClusterKey key = ClusterKey.load(c.keyFile().orElseThrow(() -> new ConfigException("cluster.key-file",
                List.of("cluster.key-file: not set (expected: a key file from dts keygen)"))));
        LinkKeys linkKeys = new LinkKeys(key);
        int ioThreads = c.ioThreadsFor(Runtime.getRuntime().availableProcessors());
        group = new MultiThreadIoEventLoopGroup(ioThreads, EpollIoHandler.newFactory());
        controlGroup = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        HeadParser parser = HeadParser.create(c.maxHeadBytes());
        if (!(self.backend() instanceof dts.config.Backend.Embedded)) warmUp(parser, ioThreads);
        health = Backends.health(self, c, controlGroup.next()).start(); // checks run on the control loop
        peerLoads = new PeerLoads(health::up); // heartbeats announce it
        backendsDown = new BackendsDown(selfId, health::up, peerLoads::backendsDown);
        local = Backends.localServer(self, c, stats, health::up);
        flows = FlowTable.install(new FlowTable.Spec(c.vip().getHostAddress(), c.port(), c.buckets(), c.hashSeed(), (int) c.flowTimeoutSeconds()), new int[0]);
        tap = SegmentTap.open(dts.splicer.repair.Endpoint.of(new InetSocketAddress(c.vip(), c.port())), FROZEN_SEGMENTS_BUFFER_BYTES);
        coordinator = new HandoffCoordinator(links, stats, flows, tap, c.handoffTimeoutMillis(),
                peer -> membership != null && membership.liveNodes().contains(peer));
        java.util.function.BooleanSupplier draining = () -> drain != null && drain.draining();
        peerLoads.ownDraining(draining);
        unavailable = new dts.node.health.Unavailable(selfId, backendsDown, peerLoads::peersDraining,
                () -> membership == null ? Set.of() : membership.view().drained(), draining);
        localCache = Backends.localCache(self);
        steadyLoads = new dts.inspector.route.SteadyLoads(id -> membership.load(id), STEADY_LOAD_TAU_MILLIS);
        connections = new Connections(selfId, stats, new HealthyPlacer(() -> router, () -> membership.liveNodes(), unavailable,
                steadyLoads, localCache), this::inPool); // nodes whose web servers are down, or that drain, serve nothing new
        connections.wire(coordinator, local);
        for (NodeConfig n : config.nodes()) {
            if (n.id().equals(selfId)) continue;
            PeerLink l = new PeerLink(selfId, n.id(), new InetSocketAddress(n.address(), c.controlPort()), group,
                    c.heartbeatMillis(), c.nodeDeadAfterMillis(), local::load, peerLoads, linkKeys, stats.frameRejects,
                    (peer, m) -> coordinator.onReply(peer, m));
            links.put(n.id(), l);
        }
        receiver = new HandoffReceiver(connections, stats, flows, tap, c.handoffTimeoutMillis());
        receiver.onReturning(coordinator::settleReturning);
        InetSocketAddress controlAddress = new InetSocketAddress(self.address(), c.controlPort());
        control = bound("control", controlAddress, () -> ControlServer.bind(group, controlAddress, local::load, peerLoads, receiver,
                linkKeys, stats.frameRejects));
        links.values().forEach(PeerLink::start);
        PeerLink.announceChanges(List.copyOf(links.values()), group.next()); // one load-change check for all links
        Map<String, InetSocketAddress> endpoints = new LinkedHashMap<>();
        config.nodes().forEach(n -> endpoints.put(n.id(), new InetSocketAddress(n.address(), c.membershipPort())));
        membership = new Membership(selfId, endpoints, c.buckets(), dts.node.cluster.FlowOwnership.of(flows), local::load, peerLoads,
                Set.copyOf(c.inspectors()));
        membership.start(key, controlGroup.next()); // views are applied on the control loop
        controlGroup.next().scheduleAtFixedRate(() -> steadyLoads.sample(membership.liveNodes(), System.nanoTime()),
                STEADY_LOAD_SAMPLE_MILLIS, STEADY_LOAD_SAMPLE_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
        drain = new dts.node.drain.NodeDrain(selfId, membership, connections, receiver, controlGroup.next(), new dts.node.drain.NodeDrain.Targets() {
            @Override public String bucketOwner(InetSocketAddress client) {
                byte[] a = client.getAddress().getAddress();
                if (a.length != 4) return null;
                return membership.table().owner(dts.splicer.nft.NftJhash.bucketOf(a, client.getPort(), c.buckets(), c.hashSeed()));
            }

            @Override public Set<String> live() { return membership.liveNodes(); }

            @Override public boolean reachable(String id) {
                PeerLink l = links.get(id);
                return l != null && l.alive();
            }
        }, unavailable, id -> membership.load(id));
        local.routeKeepAlive(parser);
        InetSocketAddress listenAddress = new InetSocketAddress("0.0.0.0", c.port()); // wildcard: the nft socket rule must not match it
        Inspector inspector = new Inspector(group, parser, c.headTimeoutMillis(), connections, stats, selfId);
        listener = bound("VIP listener", listenAddress, () -> VipListener.open((IoEventLoop) group.next(), listenAddress, 4096, inspector));
        Map<String, InetSocketAddress> admins = new LinkedHashMap<>();
        config.nodes().forEach(n -> admins.put(n.id(), new InetSocketAddress(n.address(), c.adminPort())));
        admin = bound("admin", admins.get(selfId), () -> AdminServer.bind(controlGroup, admins.get(selfId), new ClusterNodes(selfId, admins),
                this::status, this::reload, new Operations(), metrics(), new AdminAuth(key)));
        LOG.info(selfId + " up: VIP " + c.vip() + ":" + c.port() + ", control " + self.address() + ":" + c.controlPort()
                + ", admin :" + c.adminPort() + ", backend " + self.backend() + ", config " + config.version());
    }

    /**
     * Runs the request path to a web server on loopback before the node joins ({@link Warmup}), on each
     * data-path loop in turn, so its first clients do not wait for the JIT.
     */
    private void warmUp(HeadParser parser, int loops) {
        int perLoop = Math.max(WARMUP_REQUESTS / loops, Warmup.REQUESTS_PER_CONNECTION);
        int answered = 0;
        int failed = 0;
        long millis = 0;
        for (io.netty.util.concurrent.EventExecutor e : group) {
            Warmup.Result r = Warmup.run((IoEventLoop) e, parser, perLoop, WARMUP_MAX_MILLIS);
            answered += r.requests();
            failed += r.failed();
            millis += r.millis();
        }
        long t0 = System.nanoTime();
        int moved = Warmup.moves(WARMUP_MOVES, WARMUP_MAX_MILLIS);
        LOG.info(selfId + ": warmed up the request path: " + answered + " requests on loopback in " + millis + " ms"
                + (failed > 0 ? " (" + failed + " not answered)" : "") + "; " + moved + " connection moves in "
                + (System.nanoTime() - t0) / 1_000_000 + " ms");
    }

    /** A server socket bound by {@code bind}; a failure names which one and where (Netty's bind errors do not). */
    private static <T> T bound(String what, InetSocketAddress address, java.util.concurrent.Callable<T> bind) throws Exception {
        try {
            return bind.call();
        } catch (Exception e) {
            throw new java.io.IOException(what + " " + address + ": " + e.getMessage(), e);
        }
    }

    /** What the admin endpoint's drain, undrain and move requests do. */
    private final class Operations implements AdminServer.Operations {
        @Override public String drain() { return drain.drain(); }

        @Override public String undrain() { return drain.undrain(); }

        @Override public String move(String to, int count) {
            if (to.equals(selfId)) throw new IllegalArgumentException("move to " + to + ": that is this node (expected: another node)");
            if (!membership.liveNodes().contains(to)) {
                throw new IllegalArgumentException("move to " + to + ": not a live node (live: " + membership.liveNodes() + ")");
            }
            if (count < 1) throw new IllegalArgumentException("count: " + count + " (expected: >= 1)");
            int started = connections.moveIdle(to, count).join();
            return "moving " + started + " idle connections to " + to;
        }
    }

    /** Whether this node belongs to pool {@code name} of the config in force (unknown pools: yes). */
    private boolean inPool(String name) {
        return router.config().pool(name).map(p -> p.nodes().isEmpty() || p.nodes().contains(selfId)).orElse(true);
    }

    /** Re-reads the config file; on error the old rules stay in force. Returns null or the error. */
    public synchronized String reload() {
        try {
            String text = configFiles.read();
            String refused = apply(configFiles.parse(text));
            if (watcher != null) watcher.applied(text);
            return refused;
        } catch (ConfigException e) {
            lastReloadError = e.getMessage();
            return e.getMessage();
        }
    }

    /** Applies a new config: routing rules change at once; cluster-level keys need a restart. */
    public synchronized String apply(DtsConfig next) {
        if (next.version().equals(config.version())) {
            lastReloadError = null;
            return null;
        }
        if (!next.cluster().equals(config.cluster()) || !next.nodes().equals(config.nodes())) {
            String err = "cluster and nodes cannot change on reload (restart the node); rules and pools only";
            lastReloadError = err;
            return err;
        }
        router = Router.create(next);
        stats.requestsByPool.known(next.pools().keySet());
        config = next;
        lastReloadError = null;
        LOG.info("config reloaded: version " + next.version());
        return null;
    }

    public Map<String, Object> status() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", selfId);
        m.put("config_version", config.version());
        m.put("last_reload_error", lastReloadError);
        m.put("state", state());
        m.put("drained_members", membership == null ? List.of() : List.copyOf(membership.view().drained()));
        m.put("placement_leaves_out", unavailable == null ? List.of() : List.copyOf(unavailable.get()));
        m.put("live_nodes", membership == null ? List.of() : List.copyOf(membership.liveNodes()));
        m.put("owned_buckets", membership == null ? 0 : membership.ownedBuckets());
        m.put("view_id", membership == null ? "" : membership.view().viewId());
        m.put("members", membership == null ? List.of() : List.copyOf(membership.view().members()));
        m.put("table_version", membership == null ? 0 : membership.tableVersion());
        m.put("quorum", membership != null && membership.quorum());
        m.put("lease_held", membership != null && membership.leaseHeld());
        m.put("lease_expires_in_ms", membership == null ? 0 : membership.leaseLeftMillis());
        m.put("buckets_waiting", membership == null ? 0 : membership.bucketsWaiting());
        Map<String, String> linkStates = new java.util.TreeMap<>();
        links.forEach((id, l) -> linkStates.put(id, l.state()));
        m.put("peer_links", linkStates);
        m.put("backend_health", health.status());
        m.put("peer_backend_health", peerLoads.backendHealth());
        m.put("backends_down", backendsDown == null ? List.of() : List.copyOf(backendsDown.get()));
        m.putAll(stats.snapshot());
        m.put("accepts_refused_for_resources", listener == null ? 0 : listener.refusedForResources());
        m.put("accepted_unclaimed", listener == null ? 0 : listener.unclaimed());
        m.put("flows_released", flows == null ? 0 : flows.released());
        m.put("frozen_segments_held", tap == null ? 0 : tap.captured.sum());
        m.put("frozen_segments_reinjected", tap == null ? 0 : tap.reinjected.sum());
        m.put("frozen_segments_over_bounds", tap == null ? 0 : tap.overflowed.sum());
        m.put("flows_exhumed", flows == null ? 0 : flows.exhumed());
        m.put("rsts_suppressed", flows == null ? 0 : flows.rstsSuppressed());
        if (flows != null) {
            dts.splicer.nft.ForgetStats f = flows.forgetStats();
            m.put("mine_removals", Map.of("applied", f.applied(), "failed", f.failed(), "transactions", f.transactions()));
        }
        m.put("load", local == null ? 0 : local.load());
        m.put("relay_requests", local == null ? 0 : local.relayStats().requests());
        m.put("backend_reuses", local == null ? 0 : local.relayStats().backendReuses());
        m.put("responses_cut", local == null ? 0 : local.relayStats().responsesCut());
        m.put("responses_resumed", local == null ? 0 : local.relayStats().responsesResumed());
        m.put("resumes_failed", local == null ? 0 : local.relayStats().resumesFailed());
        m.put("bytes_spliced", local == null ? 0 : local.relayStats().bytesClientToBackend() + local.relayStats().bytesBackendToClient());
        m.put("rule_hits", router.ruleHits());
        if (localCache instanceof dts.splicer.backend.LocalCopies copies) {
            long[] k = copies.counts();
            m.put("local_cache", Map.of("whole", k[0], "partly", k[1], "unknown", k[2], "probes", k[3], "probes_dropped", k[4],
                    "replicated", k[5], "room_bytes", copies.roomBytes()));
        }
        m.put("relay", local == null ? "" : local.relayStats().toString());
        return m;
    }

    public NodeStats stats() { return stats; }

    /** {@code starting} until the drain exists, then {@link dts.node.drain.NodeDrain#state}. */
    private String state() { return drain == null ? "starting" : drain.state(); }

    /** The Prometheus view of the same counters as {@link #status()}. */
    private dts.node.admin.NodeMetrics metrics() {
        dts.node.admin.NodeMetrics m = dts.node.admin.NodeMetrics.create();
        stats.observeHandoffs(m::observeHandoffMicros);
        ServingMetrics.register(m, stats);
        DrainMetrics.register(m, stats, this::state, () -> local == null ? null : local.relayStats());
        return m.gauge("dts_frontend_current_sessions", "Client connections this node holds now", stats::activeConnections)
                .counter("dts_frontend_connections", "Client connections this node inspected", () -> stats.connectionsInspected.sum())
                .counter("dts_frontend_requests_denied", "Requests answered with an error by the inspector", new String[] {"reason"}, cb -> {
                    cb.call(stats.badRequests.sum(), "bad_request");
                    cb.call(stats.headTimeouts.sum(), "head_timeout");
                    cb.call(stats.headsTooLarge.sum(), "head_too_large");
                    cb.call(stats.noLiveNode.sum(), "no_live_node");
                })
                .counter("dts_handoffs", "Connections moved by TCP_REPAIR", new String[] {"direction"}, cb -> {
                    cb.call(stats.handoffsOut.sum(), "out");
                    cb.call(stats.handoffsIn.sum(), "in");
                })
                .counter("dts_handoff_failures", "Hand-offs that did not complete, by outcome", new String[] {"outcome"}, cb -> {
                    cb.call(stats.handoffFallbacks.sum(), "fallback");
                    cb.call(stats.commitsRefused.sum(), "commit_refused");
                    cb.call(stats.handoffsLost.sum(), "lost");
                    cb.call(stats.handoffsAbortedByTarget.sum(), "aborted_by_target");
                    cb.call(stats.restoreFailures.sum(), "restore_failed");
                })
                .counter("dts_served_local", "Connections served on this node", () -> stats.servedLocal.sum())
                .gauge("dts_backend_up", "1 while the local web server passes its health checks (embedded: always), else 0",
                        () -> health.up() ? 1 : 0)
                .counter("dts_backend_checks", "Health checks of the local web server, by result", new String[] {"result"}, cb -> {
                    cb.call(health.checks() - health.failures(), "ok");
                    cb.call(health.failures(), "failed");
                })
                .gauge("dts_peer_backend_up", "1 while the peer announces its web server up, else 0", new String[] {"peer"},
                        cb -> peerLoads.backendHealth().forEach((id, s) -> cb.call("up".equals(s) ? 1 : 0, id)))
                .counter("dts_served_while_backend_down", "Connections served here while the local web server was down",
                        () -> stats.servedWhileBackendDown.sum())
                .counter("dts_flows_released", "Sockets that let go of their flow after a move", () -> flows == null ? 0 : flows.released())
                .counter("dts_frozen_segments", "Client segments a frozen socket dropped, by what became of them", new String[] {"outcome"}, cb -> {
                    if (tap == null) return;
                    cb.call(tap.captured.sum(), "held");
                    cb.call(tap.reinjected.sum(), "reinjected");
                    cb.call(tap.overflowed.sum(), "over_bounds");
                })
                .counter("dts_rsts_suppressed", "RST segments from the VIP dropped on output (none leaves a node)",
                        () -> flows == null ? 0 : flows.rstsSuppressed())
                .counter("dts_relay_bytes", "Bytes relayed to and from the local web server", new String[] {"direction"}, cb -> {
                    cb.call(local == null ? 0 : local.relayStats().bytesClientToBackend(), "client_to_backend");
                    cb.call(local == null ? 0 : local.relayStats().bytesBackendToClient(), "backend_to_client");
                })
                .counter("dts_backend_requests", "Requests sent to the local web server by the HTTP relay",
                        () -> local == null ? 0 : local.relayStats().requests())
                .counter("dts_backend_connection_reuses", "Requests sent on a pooled backend connection",
                        () -> local == null ? 0 : local.relayStats().backendReuses())
                .gauge("dts_load", "Requests in flight (connections with the embedded backend), as placement sees it",
                        () -> local == null ? 0 : local.load())
                .counter("dts_rule_hits", "Requests matched per routing rule", new String[] {"rule"}, cb -> {
                    long[] hits = router.ruleHits();
                    for (int i = 0; i < hits.length; i++) cb.call(hits[i], Integer.toString(i));
                })
                .gauge("dts_config_info", "The config version in force", new String[] {"version"}, cb -> cb.call(1, config.version()))
                .gauge("dts_config_last_reload_success", "1 when the last reload applied, 0 when it was refused",
                        () -> lastReloadError == null ? 1 : 0)
                .gauge("dts_owned_buckets", "Hash buckets whose new connections this node inspects",
                        () -> membership == null ? 0 : membership.ownedBuckets())
                .gauge("dts_live_nodes", "Nodes this node counts live", () -> membership == null ? 0 : membership.liveNodes().size())
                .gauge("dts_membership_view_id", "The number of the agreed view in force (the bucket table version)",
                        () -> membership == null ? 0 : membership.tableVersion())
                .gauge("dts_membership_quorum", "1 while the view holds a majority of the configured nodes, else 0 (no buckets)",
                        () -> membership != null && membership.quorum() ? 1 : 0)
                .gauge("dts_peer_link_up", "1 while every control connection to the peer is keyed and up", new String[] {"peer"},
                        cb -> links.forEach((id, l) -> cb.call("up".equals(l.state()) ? 1 : 0, id)))
                .counter("dts_control_frames_rejected", "Control frames refused (the link was closed), by reason", new String[] {"reason"},
                        cb -> stats.frameRejects.snapshot().forEach((r, n) -> cb.call(n, r)));
    }

    /** Until no connection is held (two reads in a row, 20 ms apart: a hand-off in flight is seen) or the grace ends. */
    private void awaitConnectionsEnd(long graceMillis) {
        long deadline = System.nanoTime() + graceMillis * 1_000_000;
        int zeros = 0;
        long left = 0;
        long nextReport = System.nanoTime() + 5_000_000_000L;
        while (zeros < 2 && System.nanoTime() < deadline) {
            left = (connections == null ? 0 : connections.held()) + (receiver == null ? 0 : receiver.held());
            zeros = left == 0 ? zeros + 1 : 0;
            if (left > 0 && System.nanoTime() > nextReport) {
                LOG.info(selfId + ": stopping, still held: " + (connections == null ? "?" : connections.heldByState())
                        + ", counted " + stats.activeConnections() + ", restores waiting for COMMIT " + (receiver == null ? 0 : receiver.held()));
                nextReport = System.nanoTime() + 5_000_000_000L;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (left > 0) LOG.warning(selfId + ": stopping with " + left + " connections still open (after " + graceMillis + " ms)");
    }

    @Override
    public void close() {
        if (watcher != null) watcher.stop();
        // out of placement, hand-offs refused (their sources serve), connections moved off as a drain
        // moves them; then withdraw (lease dropped, no bucket: no SYN answered here from now on), say
        // so, and leave the group so the others take the buckets at once; what cannot move is served
        // to its end
        if (drain != null) drain.beforeStop();
        if (membership != null) membership.close();
        if (receiver != null) receiver.stopAccepting();
        awaitConnectionsEnd(STOP_GRACE_MILLIS);
        if (drain != null) drain.close();
        health.close();
        if (listener != null) listener.close();
        if (admin != null) admin.close();
        links.values().forEach(PeerLink::stop);
        if (control != null) control.close();
        if (flows != null) flows.closeDroppingAll(); // the VIP stays up: never let TCP answer for another node
        if (tap != null) tap.close();
        if (group != null) group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        if (controlGroup != null) controlGroup.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
