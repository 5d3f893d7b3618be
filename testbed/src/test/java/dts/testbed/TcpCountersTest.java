package dts.testbed;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TcpCountersTest {
    private static final List<String> SNMP = List.of(
            "Ip: Forwarding DefaultTTL", "Ip: 1 64",
            "Tcp: RtoAlgorithm RtoMin RetransSegs InErrs", "Tcp: 1 200 42 0",
            "Udp: InDatagrams", "Udp: 7");

    @Test void readsTheTcpCounterByName() throws IOException {
        assertEquals(42, TcpCounters.parse(SNMP, "RetransSegs"));
        assertEquals(200, TcpCounters.parse(SNMP, "RtoMin"));
    }

    @Test void anUnknownCounterIsAnError() {
        assertThrows(IOException.class, () -> TcpCounters.parse(SNMP, "NoSuchCounter"));
    }
}
