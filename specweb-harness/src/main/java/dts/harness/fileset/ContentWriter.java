package dts.harness.fileset;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;

/** Writes files of pseudo-random bytes from a seed (SplittableRandom, ~1 ns per 8 bytes). */
final class ContentWriter {
    private static final int CHUNK_BYTES = 1 << 20;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);

    void write(Path file, long seed, long bytes) throws IOException {
        Files.createDirectories(file.getParent());
        SplittableRandom random = new SplittableRandom(seed);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            long left = bytes;
            while (left > 0) {
                int n = (int) Math.min(CHUNK_BYTES, left);
                fill(random, n);
                while (buffer.hasRemaining()) ch.write(buffer);
                left -= n;
            }
        }
    }

    private void fill(SplittableRandom random, int n) {
        buffer.clear();
        int longs = n >>> 3;
        for (int i = 0; i < longs; i++) buffer.putLong(random.nextLong());
        long tail = random.nextLong();
        for (int i = longs << 3; i < n; i++) {
            buffer.put((byte) tail);
            tail >>>= 8;
        }
        buffer.flip();
    }
}
