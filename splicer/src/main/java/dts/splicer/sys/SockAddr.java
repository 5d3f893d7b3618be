package dts.splicer.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/** struct sockaddr_in encoding and decoding (IPv4), and struct sockaddr_un encoding (a Unix socket's path). */
public final class SockAddr {
    private SockAddr() {}

    /** An IPv4 address (4 bytes, network order) and a port. */
    public record Inet(byte[] addr, int port) {
        public InetSocketAddress toSocketAddress() {
            try {
                return new InetSocketAddress(InetAddress.getByAddress(addr), port);
            } catch (UnknownHostException e) {
                throw new SysException("bad address", e);
            }
        }

        @Override public String toString() { return toSocketAddress().getAddress().getHostAddress() + ":" + port; }
    }

    public static MemorySegment inet(Arena a, byte[] addr, int port) {
        if (addr.length != 4) throw new SysException("IPv4 address expected, got " + addr.length + " bytes");
        MemorySegment sa = a.allocate(16);
        sa.set(JAVA_SHORT, 0, (short) LibC.AF_INET);
        sa.set(JAVA_BYTE, 2, (byte) (port >>> 8));
        sa.set(JAVA_BYTE, 3, (byte) port);
        MemorySegment.copy(MemorySegment.ofArray(addr), 0, sa, 4, 4);
        return sa;
    }

    /** Longest Unix socket path: {@code sun_path} is 108 bytes, the last a NUL. */
    public static final int MAX_UNIX_PATH_BYTES = 107;

    /** A struct sockaddr_un naming {@code path} (a file system path, not an abstract name). */
    public static MemorySegment unix(Arena a, String path) {
        byte[] p = path.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (p.length == 0 || p.length > MAX_UNIX_PATH_BYTES || path.indexOf('\0') >= 0) {
            throw new SysException("unix socket path: " + path + " (expected: 1.." + MAX_UNIX_PATH_BYTES + " bytes, no NUL)");
        }
        MemorySegment sa = a.allocate(2 + 108); // zeroed: the path ends in a NUL
        sa.set(JAVA_SHORT, 0, (short) LibC.AF_UNIX);
        MemorySegment.copy(MemorySegment.ofArray(p), 0, sa, 2, p.length);
        return sa;
    }

    public static Inet parse(MemorySegment sa) {
        int port = ((sa.get(JAVA_BYTE, 2) & 0xff) << 8) | (sa.get(JAVA_BYTE, 3) & 0xff);
        byte[] addr = new byte[4];
        MemorySegment.copy(sa, 4, MemorySegment.ofArray(addr), 0, 4);
        return new Inet(addr, port);
    }
}
