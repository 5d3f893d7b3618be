package dts.cli.preflight;

import dts.splicer.nft.FlowTable;
import dts.splicer.repair.TcpRepair;
import dts.splicer.sys.LibC;
import io.netty.channel.epoll.Epoll;

import java.util.List;

/** What the node checks in the kernel and the JVM before it starts, probed on throw-away sockets. */
final class Kernel {
    private Kernel() {}

    static List<Check> checks() {
        return List.of(
                Check.of("tcp-repair", "", () -> {
                    TcpRepair.checkAvailable();
                    return "TCP_REPAIR, TCP_REPAIR_WINDOW and socket filters usable";
                }),
                Check.of("ip-transparent", "needs CAP_NET_RAW or CAP_NET_ADMIN", () -> {
                    int fd = LibC.socket(LibC.AF_INET, LibC.SOCK_STREAM | LibC.SOCK_CLOEXEC, 0);
                    try {
                        FlowTable.claim(fd);
                    } finally {
                        LibC.close(fd);
                    }
                    return "IP_TRANSPARENT usable (a node claims its flows with it)";
                }),
                Check.of("epoll", "Netty's native epoll: Linux x86_64 and --enable-native-access", () -> {
                    Epoll.ensureAvailability();
                    return "Netty native epoll loaded";
                }),
                Check.of("libnftables", "", () -> {
                    FlowTable.checkLibrary();
                    return "libnftables.so.1 loaded";
                }));
    }
}
