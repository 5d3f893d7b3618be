package dts.cli.preflight;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.HexFormat;
import java.util.Optional;

/** The service interface: the VIP on it, its MAC, and the node's own address kept off it. */
final class Network {
    private Network() {}

    /** Interface {@code name}, if this host has it. */
    static Optional<NetworkInterface> byName(String name) {
        try {
            return Optional.ofNullable(NetworkInterface.getByName(name));
        } catch (SocketException e) {
            return Optional.empty();
        }
    }

    /** The interface that carries {@code address}, if any. */
    static Optional<NetworkInterface> carrying(InetAddress address) {
        try {
            return Optional.ofNullable(NetworkInterface.getByInetAddress(address));
        } catch (SocketException e) {
            return Optional.empty();
        }
    }

    static Check interfaceUp(String name) {
        Optional<NetworkInterface> nif = byName(name);
        if (nif.isEmpty()) return Check.missing("interface", name + " not found on this host (ip -br link lists them)");
        return up(nif.get()) ? Check.ok("interface", name + " up")
                : Check.missing("interface", name + " is down (ip link set dev " + name + " up)");
    }

    /** The VIP on {@code ifname}, or, when no interface is named, on whichever interface has it. */
    static Check vip(Inet4Address vip, Optional<String> ifname) {
        String v = vip.getHostAddress();
        Optional<NetworkInterface> on = carrying(vip);
        if (ifname.isEmpty()) {
            return on.map(n -> Check.ok("vip", v + " on " + n.getName()))
                    .orElse(Check.missing("vip", v + " on no interface (add it to the service interface: ip addr add " + v
                            + "/PREFIX dev IF)"));
        }
        String dev = ifname.get();
        if (byName(dev).isEmpty()) return Check.missing("vip", "interface " + dev + " not found (ip -br link lists them)");
        if (on.isPresent() && on.get().getName().equals(dev)) {
            return up(on.get()) ? Check.ok("vip", v + " on " + dev) : Check.missing("vip", v + " on " + dev + ", which is down (ip link set dev " + dev + " up)");
        }
        return Check.missing("vip", v + " not on interface " + dev + (on.map(n -> " but on " + n.getName()).orElse(""))
                + " (add it: ip addr add " + v + "/PREFIX dev " + dev + ")");
    }

    /** The service interface carries the cluster MAC ({@code cluster.mac}), the same on every node. */
    static Check mac(String dev, Optional<String> clusterMac) {
        Optional<NetworkInterface> nif = byName(dev);
        if (nif.isEmpty()) return Check.missing("cluster mac", "interface " + dev + " not found");
        String mac = hardwareAddress(nif.get());
        if (mac.isEmpty()) return Check.missing("cluster mac", dev + " has no MAC: the service interface must be Ethernet");
        if (clusterMac.isEmpty()) return Check.ok("cluster mac", dev + " has " + mac + " (cluster.mac not set: give every node's service interface this same MAC)");
        if (clusterMac.get().equals(mac)) return Check.ok("cluster mac", dev + " has " + mac);
        return Check.missing("cluster mac", dev + " has " + mac + ", not the cluster MAC " + clusterMac.get()
                + " (set it: ip link set dev " + dev + " address " + clusterMac.get() + ")");
    }

    /** The node's own address (control and admin ports) on an interface other than the service one. */
    static Check nodeAddress(Inet4Address address, Optional<String> serviceIf) {
        String a = address.getHostAddress();
        Optional<NetworkInterface> on = carrying(address);
        if (on.isEmpty()) return Check.missing("node address", a + " on no interface (add it to the internal interface: ip addr add " + a + "/PREFIX dev IF)");
        String dev = on.get().getName();
        if (serviceIf.isPresent() && serviceIf.get().equals(dev)) {
            return Check.missing("node address", a + " is on the service interface " + dev
                    + ": every node shares its MAC and no node answers ARP there (move it to the internal interface)");
        }
        return Check.ok("node address", a + " on " + dev);
    }

    private static boolean up(NetworkInterface nif) {
        try {
            return nif.isUp();
        } catch (SocketException e) {
            return false;
        }
    }

    private static String hardwareAddress(NetworkInterface nif) {
        try {
            byte[] mac = nif.getHardwareAddress();
            return mac == null || mac.length == 0 ? "" : HexFormat.ofDelimiter(":").formatHex(mac);
        } catch (SocketException e) {
            return "";
        }
    }
}
