package dts.harness.bench;

import dts.harness.HarnessException;
import dts.testbed.Testbed;
import dts.testbed.TestbedNames;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** Where the client connects for each system: the VIP (DTS), the front proxy, or node1's nginx on the VIP (direct). */
final class SystemTarget {
    private SystemTarget() {}

    static InetSocketAddress of(Testbed tb, SystemName system) {
        try {
            return switch (system) {
                case DTS_LOCALITY, DTS_RR -> new InetSocketAddress(InetAddress.getByName(tb.vip()), tb.port());
                case HAPROXY, NGINX_PROXY -> new InetSocketAddress(InetAddress.getByName(tb.frontAddress()), FrontProxy.PORT);
                case DIRECT -> new InetSocketAddress(InetAddress.getByName(tb.vip()), TestbedNames.NGINX_PORT);
            };
        } catch (IOException e) {
            throw new HarnessException("target address: " + e.getMessage(), e);
        }
    }
}
