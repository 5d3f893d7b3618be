package dts.splicer.repair;

import dts.splicer.sys.LibC;
import dts.splicer.sys.Netns;
import dts.splicer.sys.SysException;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.util.Objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TcpRepairErrorsTest {
    @Test
    void kernelFeaturesAreAvailable() {
        TcpRepair.checkAvailable();  // fails naming the missing feature or capability
    }

    @Test
    void dumpOfANonEstablishedSocketFailsAndThawsIt() {
        int fd = LibC.socket(LibC.AF_INET, LibC.SOCK_STREAM | LibC.SOCK_CLOEXEC, 0);
        try {
            SysException e = assertThrows(SysException.class, () -> TcpRepair.dump(fd, new byte[0]));
            assertEquals("tcp state: CLOSE (expected: ESTABLISHED)", e.getMessage());
            assertEquals(0, LibC.getInt(fd, LibC.IPPROTO_TCP, Tcp.TCP_REPAIR), "repair mode left on");
        } finally {
            LibC.close(fd);
        }
    }

    @Test
    void restoreToAnAddressNotHereFailsWithoutLeakingTheSocket() {
        SocketImage img = SocketImageTest.sample();  // 198.18.200.10 is not assigned in this namespace
        int before = openFds();
        for (int i = 0; i < 100; i++) {
            SysException e = assertThrows(SysException.class, () -> TcpRepair.restore(img));
            assertTrue(e.getMessage().startsWith("bind 198.18.200.10:80: "), e.getMessage());
            assertEquals(99, e.errno(), "EADDRNOTAVAIL");
        }
        int after = openFds();  // other threads may open or close a few meanwhile, never 100
        assertTrue(after < before + 10, "open fds: " + before + " -> " + after);
    }

    @Test
    void frozenSocketsRefuseWritesUntilResumedOrReleased() throws Exception {
        Endpoint server = new Endpoint(0x7f000001, 18082);
        try (LoopbackNet net = LoopbackNet.create(TestNs.name("err"))) {
            int listener = Netns.call(net.ns, () -> RawTcp.listen(server));
            try (ClientSide client = ClientSide.connect(net.ns, null, server)) {
                int fd = RawTcp.accept(listener);
                LibC.close(listener);
                net.guard(server.port());
                SocketImage img = TcpRepair.dump(fd, new byte[0]);
                assertEquals(22, assertThrows(SysException.class, () -> RawTcp.writeAll(fd, new byte[1], 0, 1)).errno(),
                        "EINVAL from a write on a dumped socket");
                assertEquals(1, assertThrows(SysException.class, () -> RawTcp.readExactly(fd, 1)).errno(),
                        "EPERM from a read on a dumped socket");
                LibC.close(fd);
                int restored = Netns.call(net.ns, () -> TcpRepair.restore(img));
                assertEquals(22, assertThrows(SysException.class, () -> RawTcp.writeAll(restored, new byte[1], 0, 1)).errno(),
                        "EINVAL from a write on a restored socket before release");
                TcpRepair.release(restored, img);
                LibC.setNonBlocking(restored, false);
                RawTcp.writeAll(restored, new byte[] {42}, 0, 1);
                assertEquals(42, client.socket.getInputStream().read());
                LibC.close(restored);
            }
        }
    }

    private static int openFds() {
        return Objects.requireNonNull(new File("/proc/self/fd").list()).length;
    }
}
