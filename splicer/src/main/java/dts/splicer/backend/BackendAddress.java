package dts.splicer.backend;

import dts.splicer.sys.LibC;
import dts.splicer.sys.SockAddr;
import dts.splicer.sys.SysException;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Where a node's local web server listens: a TCP address, or a Unix stream socket (no loopback TCP
 * on either side of the hop: nginx's {@code listen unix:PATH}).
 */
public sealed interface BackendAddress permits TcpBackendAddress, UnixBackendAddress {

    /** A server at a resolved IPv4 address. */
    static BackendAddress tcp(InetSocketAddress address) {
        if (!(address.getAddress() instanceof Inet4Address)) {
            throw new SysException("backend: " + address + " (expected: a resolved IPv4 address)");
        }
        return new TcpBackendAddress(address);
    }

    /** A server on the Unix stream socket at {@code path} (absolute, at most 107 bytes). */
    static BackendAddress unix(Path path) {
        String p = path.toString();
        int bytes = p.getBytes(StandardCharsets.UTF_8).length;
        if (!path.isAbsolute() || bytes > SockAddr.MAX_UNIX_PATH_BYTES) {
            throw new SysException("backend: unix:" + p + " (expected: an absolute path of at most "
                    + SockAddr.MAX_UNIX_PATH_BYTES + " bytes)");
        }
        return new UnixBackendAddress(p);
    }

    /** A new non-blocking socket for this address (TCP: with TCP_NODELAY). */
    int socket();

    /** Connects {@code fd} (from {@link #socket}): 0 when connected, {@link LibC#EINPROGRESS} while a TCP connect waits. */
    int connect(int fd);
}

record TcpBackendAddress(InetSocketAddress address) implements BackendAddress {
    @Override public int socket() {
        int fd = LibC.socket(LibC.AF_INET, LibC.SOCK_STREAM | LibC.SOCK_NONBLOCK | LibC.SOCK_CLOEXEC, 0);
        try {
            LibC.setInt(fd, LibC.IPPROTO_TCP, RawIo.TCP_NODELAY, 1);
        } catch (SysException e) {
            LibC.close(fd);
            throw e;
        }
        return fd;
    }

    @Override public int connect(int fd) {
        return LibC.connect(fd, address.getAddress().getAddress(), address.getPort());
    }

    @Override public String toString() { return address.getAddress().getHostAddress() + ":" + address.getPort(); }
}

record UnixBackendAddress(String path) implements BackendAddress {
    @Override public int socket() {
        return LibC.socket(LibC.AF_UNIX, LibC.SOCK_STREAM | LibC.SOCK_NONBLOCK | LibC.SOCK_CLOEXEC, 0);
    }

    @Override public int connect(int fd) { return LibC.connectUnix(fd, path); }

    @Override public String toString() { return "unix:" + path; }
}
