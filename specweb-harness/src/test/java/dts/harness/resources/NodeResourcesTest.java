package dts.harness.resources;

import dts.harness.HarnessException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real cgroup v1 work: needs root and the memory, cpu, cpuacct and blkio hierarchies under /sys/fs/cgroup. */
class NodeResourcesTest {
    private static final long MIB = 1 << 20;

    @TempDir
    Path tmp;

    @Test
    void aChildReadingAnUncachedFileIsChargedToTheNode() throws Exception {
        Path data = tmp.resolve("data.bin");
        writeRandom(data, 24 * MIB);
        ResourceLimits limits = new ResourceLimits(256 * MIB, 0.5, 200 * MIB);
        String node = "harness-test-" + ProcessHandle.current().pid();
        NodeResources res = NodeResources.create(node, limits, tmp);
        try {
            assertEquals(256 * MIB, res.memoryLimitBytes());
            assertEquals(50_000, res.cpuQuotaMicros());
            assertEquals(res.disk() + " " + (200 * MIB), res.readThrottle());
            assertEquals(0, res.diskReadBytes());
            assertEquals(0, res.cpuUsageNanos());
            PageCache.evict(data);
            Process p = new ProcessBuilder("/bin/sh", "-c", "read go; exec cat '" + data + "'")
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            res.attach(p.pid());
            assertEquals(List.of(p.pid()), res.pids());
            try (OutputStream in = p.getOutputStream()) {
                in.write('\n');
            }
            assertEquals(0, p.waitFor());
            long read = res.diskReadBytes();
            assertTrue(read >= 20 * MIB, "disk reads counted: " + read);
            assertTrue(res.pageCacheBytes() >= 20 * MIB, "page cache charged: " + res.pageCacheBytes());
            assertTrue(res.cpuUsageNanos() > 0, "CPU time counted: " + res.cpuUsageNanos());
        } finally {
            res.remove();
        }
        for (Controller c : Controller.values()) assertFalse(Files.exists(res.dir(c)), res.dir(c).toString());
    }

    @Test
    void wrappedCommandsStartInsideTheNode() throws Exception {
        NodeResources res = NodeResources.create("harness-wrap-" + ProcessHandle.current().pid(),
                new ResourceLimits(64 * MIB, 1.0, 0), tmp);
        try {
            Process p = new ProcessBuilder(res.wrap(List.of("/bin/cat", "/proc/self/cgroup"))).start();
            String cgroups = new String(p.getInputStream().readAllBytes());
            assertEquals(0, p.waitFor());
            for (Controller c : Controller.values()) {
                assertTrue(cgroups.contains(":" + c.hierarchy() + ":") && cgroups.contains("/dts/" + res.node()), cgroups);
            }
            assertEquals("", res.readThrottle().replaceAll("(?m)^.* 0$", "").trim());
        } finally {
            res.remove();
        }
    }

    @Test
    void missingControllerFilesAreNamed() throws Exception {
        Path fake = Files.createDirectories(tmp.resolve("fake"));
        CgroupLayout layout = CgroupLayout.at(Map.of(Controller.MEMORY, fake.resolve("dts"),
                Controller.CPU, fake.resolve("dts"), Controller.CPUACCT, fake.resolve("dts"), Controller.BLKIO, fake.resolve("dts")));
        HarnessException e = assertThrows(HarnessException.class,
                () -> NodeResources.create("n1", new ResourceLimits(64 * MIB, 1, 0), tmp, layout));
        assertTrue(e.getMessage().contains(fake.resolve("cgroup.procs").toString()), e.getMessage());
    }

    @Test
    void limitsValidateAndSizeMemoryFromTheFileSet() {
        assertEquals("cpuCores: 0.0 (expected: > 0.0 and <= 1024.0)",
                assertThrows(HarnessException.class, () -> new ResourceLimits(64 * MIB, 0, 0)).getMessage());
        assertEquals(1_000, new ResourceLimits(64 * MIB, 0.001, 0).cpuQuotaMicros());
        long fileSet = 3200 * MIB;
        long perNode = ResourceLimits.memoryFor(fileSet, 4, 300 * MIB);
        assertEquals(300 * MIB + 1000 * MIB, perNode);
        assertTrue(fileSet >= 3 * (perNode - 300 * MIB) && fileSet < 4 * (perNode - 300 * MIB));
    }

    @Test
    void parsesProcSelfCgroup() {
        Map<Controller, String> own = CgroupLayout.parse(List.of("12:cpu,cpuacct:/a", "4:memory:/b/c", "7:blkio:/",
                "0::/"));
        assertEquals(Map.of(Controller.CPU, "/a", Controller.CPUACCT, "/a", Controller.MEMORY, "/b/c", Controller.BLKIO, "/"), own);
    }

    @Test
    void blockDeviceOfADiskFileAndOfTmpfs() {
        BlockDevice d = BlockDevice.of(tmp);
        assertTrue(Files.exists(Path.of("/sys/dev/block", d.toString())));
        assertFalse(Files.exists(Path.of("/sys/dev/block", d.toString(), "partition")));
        assertThrows(HarnessException.class, () -> BlockDevice.of(Path.of("/dev/shm")));
    }

    private static void writeRandom(Path file, long bytes) throws Exception {
        SplittableRandom r = new SplittableRandom(1);
        ByteBuffer buf = ByteBuffer.allocate((int) MIB);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            for (long done = 0; done < bytes; done += MIB) {
                buf.clear();
                while (buf.hasRemaining()) buf.putLong(r.nextLong());
                buf.flip();
                ch.write(buf);
            }
            ch.force(true);
        }
    }
}
