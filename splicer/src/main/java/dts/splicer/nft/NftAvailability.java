package dts.splicer.nft;

import dts.splicer.sys.LibC;
import dts.splicer.sys.SysException;

import java.lang.foreign.FunctionDescriptor;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * Checks, in the calling thread's network namespace, everything a {@link FlowTable} needs: libnftables,
 * root, and the kernel's nf_tables with the socket, hash and dynamic-set expressions. Each kernel
 * probe is one transaction that creates and deletes a scratch table, so nothing is left behind.
 */
final class NftAvailability {
    private static final String PROBE = "inet dts_probe";
    private static final MethodHandle GETEUID = LibC.downcall("geteuid", FunctionDescriptor.of(JAVA_INT));

    private NftAvailability() {}

    static void check() {
        NftLibrary.get();
        if (euid() != 0) throw new SysException("not root: the flow table needs CAP_NET_ADMIN (run as root)");
        try (NftContext ctx = new NftContext()) {
            probe(ctx, "", "nf_tables unsupported by the kernel (CONFIG_NF_TABLES, module nf_tables)");
            probe(ctx, "add rule " + PROBE + " c socket wildcard 0 accept\n",
                    "nftables 'socket' expression unsupported by the kernel (CONFIG_NFT_SOCKET, module nft_socket)");
            probe(ctx, "add rule " + PROBE + " c meta mark set jhash ip saddr . tcp sport mod 2 seed 0x1\n",
                    "nftables 'jhash' expression unsupported by the kernel (CONFIG_NFT_HASH, module nft_hash)");
            probe(ctx, "add set " + PROBE + " s { type ipv4_addr . inet_service; flags dynamic,timeout; timeout 1s; }\n"
                            + "add rule " + PROBE + " c update @s { ip saddr . tcp sport }\n",
                    "nftables dynamic sets with timeouts unsupported by the kernel (CONFIG_NF_TABLES_SET)");
        }
    }

    private static void probe(NftContext ctx, String body, String message) {
        String commands = "add table " + PROBE + "\n"
                + "add chain " + PROBE + " c { type filter hook prerouting priority -300; policy accept; }\n"
                + body
                + "delete table " + PROBE + "\n";
        NftContext.Result r = ctx.run(commands);
        if (!r.ok()) throw new SysException(message + ": " + NftContext.firstLine(r.error()));
    }

    private static int euid() {
        try {
            return (int) GETEUID.invokeExact();
        } catch (Throwable t) {
            throw new SysException("geteuid", t);
        }
    }
}
