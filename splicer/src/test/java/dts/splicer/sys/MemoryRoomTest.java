package dts.splicer.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The page cache's room: the tightest memory cgroup on the way to the root, and the host's free memory. */
class MemoryRoomTest {
    @TempDir
    Path tmp;

    @Test
    void theHostsFreeMemoryIsReadInBytes() {
        assertEquals(20_468_976L * 1024, MemoryRoom.hostFreeBytes(List.of("MemTotal:       24683652 kB",
                "MemFree:        20468976 kB", "MemAvailable:   22456892 kB")));
    }

    @Test
    void theTightestCgroupOnTheWayToTheRootWins() throws Exception {
        Path base = tmp.resolve("memory");
        write(base, "9223372036854771712", "9000000000"); // the root: no limit
        write(base.resolve("bench"), "4000000000", "3500000000"); // 500 MB of room
        write(base.resolve("bench/node1"), "1000000000", "200000000"); // 800 MB of room, but its parent has less
        assertEquals(500_000_000L, MemoryRoom.leastRoom(base, "/bench/node1", "limit", "usage"));
        write(base.resolve("bench"), "9223372036854771712", "3500000000");
        assertEquals(800_000_000L, MemoryRoom.leastRoom(base, "/bench/node1", "limit", "usage"));
        Files.writeString(base.resolve("bench/node1/limit"), "max"); // cgroup v2's "no limit"
        assertEquals(Long.MAX_VALUE, MemoryRoom.leastRoom(base, "/bench/node1", "limit", "usage"));
    }

    @Test
    void aCgroupWhoseFilesCannotBeSeenHasNoRoomUnlessItIsTheRoot() {
        assertEquals(0, MemoryRoom.unseen("/process_api/x/dts/node1"), "it may be limited: no room it can tell of");
        assertEquals(Long.MAX_VALUE, MemoryRoom.unseen("/"), "the root is not limited: the host's free memory decides");
    }

    @Test
    void thisProcessHasSomeRoomAndLessThanTheHostsMemory() throws Exception {
        long room = MemoryRoom.bytes();
        long total = 0;
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemTotal:")) total = Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
        assertTrue(room > 0 && room < total - MemoryRoom.RESERVE_BYTES, room + " of " + total);
    }

    private static void write(Path dir, String limit, String usage) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("limit"), limit + "\n");
        Files.writeString(dir.resolve("usage"), usage + "\n");
    }
}
