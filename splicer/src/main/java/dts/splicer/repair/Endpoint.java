package dts.splicer.repair;

import dts.splicer.sys.SysException;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 address and TCP port, immutable.
 *
 * @param ipv4 the address as a big-endian int (198.18.0.1 is {@code 0xC6120001})
 * @param port 1..65535
 */
public record Endpoint(int ipv4, int port) {
    public Endpoint {
        if (port < 1 || port > 65535) throw new SysException("port: " + port + " (expected: 1..65535)");
    }

    /** From 4 address bytes in network order. */
    public static Endpoint of(byte[] addr, int port) {
        if (addr == null || addr.length != 4) {
            throw new SysException("address: " + (addr == null ? "null" : addr.length + " bytes") + " (expected: 4 bytes, IPv4)");
        }
        int ip = ((addr[0] & 0xff) << 24) | ((addr[1] & 0xff) << 16) | ((addr[2] & 0xff) << 8) | (addr[3] & 0xff);
        return new Endpoint(ip, port);
    }

    public static Endpoint of(InetSocketAddress sa) {
        return of(sa.getAddress().getAddress(), sa.getPort());
    }

    /** A fresh copy of the 4 address bytes in network order. */
    public byte[] address() {
        return new byte[] {(byte) (ipv4 >>> 24), (byte) (ipv4 >>> 16), (byte) (ipv4 >>> 8), (byte) ipv4};
    }

    public InetSocketAddress toSocketAddress() {
        try {
            return new InetSocketAddress(InetAddress.getByAddress(address()), port);
        } catch (UnknownHostException e) {
            throw new SysException("address", e);
        }
    }

    @Override public String toString() {
        return (ipv4 >>> 24) + "." + ((ipv4 >>> 16) & 0xff) + "." + ((ipv4 >>> 8) & 0xff) + "." + (ipv4 & 0xff) + ":" + port;
    }
}
