package dts.harness.resources;

import dts.harness.HarnessException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The whole disk (major:minor) holding a path, for blkio throttling: the file system's st_dev, and
 * if that is a partition, its parent disk (blk-throttle rules name whole disks).
 */
public record BlockDevice(int major, int minor) {
    /** The disk under {@code path}; fails for file systems without a block device (tmpfs, overlay). */
    public static BlockDevice of(Path path) {
        long dev;
        try {
            dev = ((Number) Files.getAttribute(path, "unix:dev")).longValue();
        } catch (IOException | UnsupportedOperationException e) {
            throw new HarnessException("stat " + path + ": " + e.getMessage(), e);
        }
        BlockDevice fs = new BlockDevice((int) (((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL)),
                (int) ((dev & 0xff) | ((dev >>> 12) & ~0xffL)));
        Path sys = Path.of("/sys/dev/block", fs.toString());
        if (!Files.exists(sys)) {
            throw new HarnessException(path + " is on device " + fs + " which is not a block device "
                    + "(tmpfs/overlay?); the read throttle needs a docroot on a disk");
        }
        return Files.exists(sys.resolve("partition")) ? parse(sys.resolve("../dev")) : fs;
    }

    private static BlockDevice parse(Path devFile) {
        try {
            String[] mm = Files.readString(devFile).trim().split(":");
            return new BlockDevice(Integer.parseInt(mm[0]), Integer.parseInt(mm[1]));
        } catch (IOException | RuntimeException e) {
            throw new HarnessException("read " + devFile + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return major + ":" + minor;
    }
}
