package dts.testbed;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A failing ip -batch line is reported as the command it stands for, with ip's error. */
class ShellBatchTest {
    private static final List<String> NS_BATCH = List.of("link set lo up", "link set hub0 address 02:00:00:00:00:10",
            "addr add 198.18.0.10/24 dev hub0", "link set hub0 up");

    @Test void namesTheFailingLine() {
        assertEquals("ip -n dts-node1 addr add 198.18.0.10/24 dev hub0: exit 1: RTNETLINK answers: File exists"
                        + " (line 3 of ip -n dts-node1 -batch -)",
                Shell.batchFailure(List.of("ip", "-n", "dts-node1"), NS_BATCH, 1, "RTNETLINK answers: File exists\nCommand failed -:3\n"));
    }

    @Test void listsTheBatchWhenIpDoesNotSayWhichLine() {
        assertEquals("ip -batch -: exit 255: Command line is not complete. Try option \"help\"; the batch:\n"
                        + "1: link set lo up\n2: link set hub0 address 02:00:00:00:00:10\n3: addr add 198.18.0.10/24 dev hub0\n4: link set hub0 up",
                Shell.batchFailure(List.of("ip"), NS_BATCH, 255, "Command line is not complete. Try option \"help\"\n"));
    }

    @Test void realIpStopsAtTheFailingLine() {
        // read-only: shows links of this namespace
        TestbedException e = assertThrows(TestbedException.class,
                () -> Shell.batch(List.of("ip"), List.of("link show dev lo", "link show dev dts-nosuch0", "link show dev lo")));
        assertEquals("ip link show dev dts-nosuch0: exit 1: Device \"dts-nosuch0\" does not exist. (line 2 of ip -batch -)", e.getMessage());
    }
}
