package dts.splicer.nft;

import dts.splicer.sys.SysException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;

/**
 * The one thread that talks to nf_tables for a {@link FlowTable}. It enters the network namespace of
 * the thread that started it, owns the {@link NftContext} and the {@link NftNetlink} socket of forgets,
 * and runs queued operations in order.
 * Forgets queued while a transaction runs are applied together in the next one (group commit): one
 * transaction per forget when idle, ever larger batches under load, never a timer to wait for.
 */
final class NftWorker {
    private static final int MAX_OPS_PER_ROUND = 8192;

    private sealed interface Op permits Forget, Task, Stop {}
    private record Forget(FlowKey key, CompletableFuture<Void> done) implements Op {}
    private record Task(Function<NftContext, ?> work, CompletableFuture<Object> done) implements Op {}
    private record Stop() implements Op {}

    private final LinkedBlockingQueue<Op> queue = new LinkedBlockingQueue<>();
    private final ForgetBatch forgets = new ForgetBatch();
    private final Thread thread;
    private boolean stopped; // guarded by this

    private NftWorker(String name, ThreadNetns netns, CompletableFuture<Void> ready) {
        thread = Thread.ofPlatform().daemon().name(name).unstarted(() -> run(netns, ready));
    }

    /** Starts a worker in the caller's network namespace; returns once its nft context exists. */
    static NftWorker start(String name) {
        CompletableFuture<Void> ready = new CompletableFuture<>();
        NftWorker w = new NftWorker(name, ThreadNetns.current(), ready);
        w.thread.start();
        join(ready);
        return w;
    }

    /** Runs {@code work} on the worker thread after everything queued before it; waits for it. */
    @SuppressWarnings("unchecked")
    <T> T call(Function<NftContext, T> work) {
        CompletableFuture<Object> done = new CompletableFuture<>();
        enqueue(new Task(work, done), done);
        return (T) join(done);
    }

    /** Queues {@code work} on the worker thread after everything queued before it; does not wait. */
    CompletableFuture<Object> submit(Function<NftContext, ?> work) {
        CompletableFuture<Object> done = new CompletableFuture<>();
        enqueue(new Task(work, done), done);
        return done;
    }

    CompletableFuture<Void> forget(FlowKey key) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        enqueue(new Forget(key, done), done);
        return done;
    }

    ForgetStats stats() { return forgets.stats(); }

    /** Applies what is queued, then ends the thread. Idempotent. */
    void stop() {
        synchronized (this) {
            if (!stopped) {
                stopped = true;
                queue.add(new Stop());
            }
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void enqueue(Op op, CompletableFuture<?> done) {
        if (stopped) done.completeExceptionally(new SysException("flow table closed"));
        else queue.add(op);
    }

    private void run(ThreadNetns netns, CompletableFuture<Void> ready) {
        NftContext ctx;
        try (netns) {
            netns.enter();
            ctx = new NftContext();
        } catch (RuntimeException e) {
            ready.completeExceptionally(e);
            return;
        }
        forgets.useNetlink(openNetlink());
        ready.complete(null);
        try (ctx) {
            loop(ctx);
        } finally {
            forgets.closeNetlink();
        }
    }

    /** A netlink socket for forgets, or null (forgets then go through libnftables alone). */
    private static NftNetlink openNetlink() {
        try {
            return new NftNetlink();
        } catch (SysException e) {
            return null;
        }
    }

    private void loop(NftContext ctx) {
        List<Op> ops = new ArrayList<>();
        boolean stopping = false;
        while (!stopping) {
            try {
                ops.add(queue.take());
            } catch (InterruptedException e) {
                continue; // only stop() ends the worker
            }
            queue.drainTo(ops, MAX_OPS_PER_ROUND);
            for (Op op : ops) {
                switch (op) {
                    case Forget f -> forgets.add(f.key(), f.done());
                    case Task t -> { forgets.apply(ctx); runTask(ctx, t); }
                    case Stop s -> stopping = true;
                }
            }
            forgets.apply(ctx);
            ops.clear();
        }
    }

    private static void runTask(NftContext ctx, Task t) {
        try {
            t.done().complete(t.work().apply(ctx));
        } catch (RuntimeException e) {
            t.done().completeExceptionally(e);
        }
    }

    private static <T> T join(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw e;
        }
    }
}
