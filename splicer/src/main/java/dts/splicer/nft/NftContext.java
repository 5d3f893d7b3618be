package dts.splicer.nft;

import dts.splicer.sys.SysException;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * One libnftables context ({@code struct nft_ctx}) with buffered output and error text.
 *
 * <p>The context's netlink socket is opened by {@code nft_ctx_new} in the network namespace of the
 * calling thread and stays there: every command run through this context acts on that namespace,
 * whichever thread runs it. Not thread-safe: {@link FlowTable} confines each context to one thread.
 */
final class NftContext implements AutoCloseable {
    /** The outcome of one {@code nft_run_cmd_from_buffer}: one kernel transaction. */
    record Result(boolean ok, String output, String error) {}

    private final NftLibrary lib;
    private MemorySegment ctx;

    NftContext() {
        lib = NftLibrary.get();
        try {
            ctx = (MemorySegment) lib.ctxNew.invokeExact(0);
            if (ctx.equals(MemorySegment.NULL)) throw new SysException("nft_ctx_new failed");
            int rcOut = (int) lib.bufferOutput.invokeExact(ctx);
            int rcErr = (int) lib.bufferError.invokeExact(ctx);
            if (rcOut != 0 || rcErr != 0) throw new SysException("nft_ctx_buffer_output/error failed");
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw new SysException("libnftables", t);
        }
    }

    /** Runs {@code commands} (nft syntax, one or more lines) as one transaction. */
    Result run(String commands) {
        if (ctx == null) throw new SysException("nft context closed");
        try (Arena a = Arena.ofConfined()) {
            int rc = (int) lib.runFromBuffer.invokeExact(ctx, a.allocateFrom(commands));
            // Reading a buffer also rewinds it for the next command.
            String out = text((MemorySegment) lib.outputBuffer.invokeExact(ctx));
            String err = text((MemorySegment) lib.errorBuffer.invokeExact(ctx));
            return new Result(rc == 0, out, err);
        } catch (Throwable t) {
            throw new SysException("nft_run_cmd_from_buffer", t);
        }
    }

    /** Runs {@code commands} and fails with nft's own message (first line) when the kernel refuses. */
    String runOrThrow(String what, String commands) {
        Result r = run(commands);
        if (!r.ok()) throw new SysException(what + ": " + firstLine(r.error()));
        return r.output();
    }

    static String firstLine(String error) {
        String e = error.strip();
        int nl = e.indexOf('\n');
        return nl < 0 ? e : e.substring(0, nl);
    }

    private static String text(MemorySegment s) {
        return s.equals(MemorySegment.NULL) ? "" : s.reinterpret(Long.MAX_VALUE).getString(0);
    }

    @Override public void close() {
        if (ctx == null) return;
        try {
            lib.ctxFree.invokeExact(ctx);
        } catch (Throwable t) {
            throw new SysException("nft_ctx_free", t);
        } finally {
            ctx = null;
        }
    }
}
