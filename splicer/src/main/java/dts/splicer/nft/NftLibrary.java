package dts.splicer.nft;

import dts.splicer.sys.SysException;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * FFM bindings to libnftables ({@code libnftables.so.1}, Debian package {@code libnftables1}).
 * Loaded once, on first use, into the global arena. Only the handful of calls DTS needs.
 */
final class NftLibrary {
    static final String SONAME = "libnftables.so.1";

    final MethodHandle ctxNew;          // struct nft_ctx *nft_ctx_new(uint32_t flags)
    final MethodHandle ctxFree;         // void nft_ctx_free(struct nft_ctx *)
    final MethodHandle bufferOutput;    // int nft_ctx_buffer_output(struct nft_ctx *)
    final MethodHandle bufferError;     // int nft_ctx_buffer_error(struct nft_ctx *)
    final MethodHandle outputBuffer;    // const char *nft_ctx_get_output_buffer(struct nft_ctx *)
    final MethodHandle errorBuffer;     // const char *nft_ctx_get_error_buffer(struct nft_ctx *)
    final MethodHandle runFromBuffer;   // int nft_run_cmd_from_buffer(struct nft_ctx *, const char *)

    private static volatile NftLibrary instance;

    private NftLibrary(SymbolLookup lib) {
        Linker linker = Linker.nativeLinker();
        ctxNew = bind(linker, lib, "nft_ctx_new", FunctionDescriptor.of(ADDRESS, JAVA_INT));
        ctxFree = bind(linker, lib, "nft_ctx_free", FunctionDescriptor.ofVoid(ADDRESS));
        bufferOutput = bind(linker, lib, "nft_ctx_buffer_output", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        bufferError = bind(linker, lib, "nft_ctx_buffer_error", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        outputBuffer = bind(linker, lib, "nft_ctx_get_output_buffer", FunctionDescriptor.of(ADDRESS, ADDRESS));
        errorBuffer = bind(linker, lib, "nft_ctx_get_error_buffer", FunctionDescriptor.of(ADDRESS, ADDRESS));
        runFromBuffer = bind(linker, lib, "nft_run_cmd_from_buffer", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    }

    /** The loaded library; fails with a message naming the Debian package when it is missing. */
    static NftLibrary get() {
        NftLibrary lib = instance;
        if (lib != null) return lib;
        synchronized (NftLibrary.class) {
            if (instance == null) instance = new NftLibrary(load());
            return instance;
        }
    }

    private static SymbolLookup load() {
        try {
            return SymbolLookup.libraryLookup(SONAME, Arena.global());
        } catch (IllegalArgumentException e) {
            throw new SysException(SONAME + " not found (install Debian package libnftables1)");
        }
    }

    private static MethodHandle bind(Linker linker, SymbolLookup lib, String name, FunctionDescriptor fd) {
        MemorySegment sym = lib.find(name)
                .orElseThrow(() -> new SysException(SONAME + ": symbol " + name + " missing (expected: libnftables >= 0.9)"));
        return linker.downcallHandle(sym, fd);
    }
}
