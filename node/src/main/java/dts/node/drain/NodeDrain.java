package dts.node.drain;

import dts.node.cluster.Membership;
import dts.node.conn.ClientConnection;
import dts.node.conn.Connections;
import dts.node.handoff.HandoffReceiver;

import java.net.InetSocketAddress;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import java.util.logging.Logger;

/**
 * Takes this node out of service without a client noticing, and back. {@link #drain}: placement leaves
 * the node out at once (here and, by its heartbeats, on every peer), it refuses hand-offs to it (their
 * sources serve), it rejoins the group drained so that its buckets go to the others (withdrawn first,
 * no lease waited out), and every client connection it holds leaves for another node: an idle one at
 * once, one being served at its next response boundary, one whose next request belongs elsewhere with
 * that request; a tunnel finishes here. {@link #undrain} reverses each step. State: {@code serving},
 * {@code draining} (connections left), {@code drained}.
 */
public final class NodeDrain {
    private static final Logger LOG = Logger.getLogger(NodeDrain.class.getName());
    /** The states {@link #state} names, in order. */
    public static final java.util.List<String> STATES = java.util.List.of("serving", "draining", "drained");
    /** How often idle connections are asked to leave while draining (catches any that turned idle unseen). */
    static final long EVACUATE_EVERY_MILLIS = 100;

    /** Where a leaving connection goes: the node that owns its flow's bucket, else the least loaded one. */
    public interface Targets {
        /** The owner of the client flow's bucket in the table in force, or null. */
        String bucketOwner(InetSocketAddress client);

        /** The live nodes. */
        Set<String> live();

        /** Whether a hand-off to {@code id} can be tried now (its control link is up). */
        boolean reachable(String id);
    }

    private final String selfId;
    private final Membership membership;
    private final Connections connections;
    private final HandoffReceiver receiver;
    private final ScheduledExecutorService control;
    private final Targets targets;
    private final Supplier<Set<String>> unavailable;
    private final ToIntFunction<String> load;
    private final ExecutorService rejoins = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().daemon().name("dts-drain").unstarted(r));
    private volatile boolean draining;
    private ScheduledFuture<?> evacuating;

    public NodeDrain(String selfId, Membership membership, Connections connections, HandoffReceiver receiver,
                     ScheduledExecutorService control, Targets targets, Supplier<Set<String>> unavailable, ToIntFunction<String> load) {
        this.selfId = selfId;
        this.membership = membership;
        this.connections = connections;
        this.receiver = receiver;
        this.control = control;
        this.targets = targets;
        this.unavailable = unavailable;
        this.load = load;
        connections.leaving(this::leaveTarget);
    }

    public boolean draining() { return draining; }

    /** {@code serving}, {@code draining} or {@code drained} (no client connection left, out of the buckets). */
    public String state() {
        if (!draining) return "serving";
        return connections.held() == 0 && membership.drained() ? "drained" : "draining";
    }

    /** Starts draining; returns at once (progress in status). Idempotent. */
    public synchronized String drain() {
        if (draining) return "already " + state();
        startLeaving();
        rejoin(true);
        LOG.info(selfId + ": draining (" + connections.held() + " client connections)");
        return "draining";
    }

    /**
     * For an orderly stop: leaves placement, refuses hand-offs and moves every client connection off as
     * a drain does, without rejoining the group (the stop withdraws and leaves it). Idempotent.
     */
    public synchronized void beforeStop() {
        if (draining) return;
        startLeaving();
        LOG.info(selfId + ": stopping: moving " + connections.held() + " client connections off");
    }

    /** Out of placement (here and, by the heartbeats, everywhere), hand-offs refused, held connections asked to leave. */
    private void startLeaving() {
        draining = true;
        receiver.stopAccepting();
        evacuating = control.scheduleWithFixedDelay(connections::evacuate, 0, EVACUATE_EVERY_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Serves again: takes hand-offs and, once rejoined, its share of the buckets. Idempotent. */
    public synchronized String undrain() {
        if (!draining) return "serving";
        draining = false;
        if (evacuating != null) evacuating.cancel(false);
        connections.endEvacuation();
        receiver.resumeAccepting();
        rejoin(false);
        LOG.info(selfId + ": serving again");
        return "serving";
    }

    private void rejoin(boolean drained) {
        rejoins.execute(() -> {
            try {
                membership.rejoin(drained);
            } catch (Exception e) {
                LOG.warning(selfId + ": rejoin " + (drained ? "drained" : "serving") + " failed: " + e);
            }
        });
    }

    /** While draining: the bucket owner of the connection's flow if it takes work, else the least loaded node that does. */
    private String leaveTarget(ClientConnection c) {
        if (!draining) return null;
        Set<String> out = unavailable.get();
        InetSocketAddress client = c.client();
        String owner = client == null ? null : targets.bucketOwner(client);
        if (owner != null && !owner.equals(selfId) && !out.contains(owner) && targets.live().contains(owner) && targets.reachable(owner)) {
            return owner;
        }
        return targets.live().stream().filter(n -> !n.equals(selfId) && !out.contains(n) && targets.reachable(n))
                .min(Comparator.comparingInt(load).thenComparing(Comparator.naturalOrder())).orElse(null);
    }

    public synchronized void close() {
        if (evacuating != null) evacuating.cancel(false);
        connections.endEvacuation();
        rejoins.shutdownNow();
    }
}
