package dts.harness.fileset;

import dts.harness.workload.Manifest;
import dts.harness.workload.Workload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FileSetTest {
    private static final Workload SMALL = Workload.of(12).withScale(0.02);

    @TempDir
    Path tmp;

    @Test
    void sameSeedSameBytesOtherSeedOtherBytes() throws Exception {
        FileSet a = FileSet.generate(tmp.resolve("a"), SMALL, 1234);
        FileSet b = FileSet.generate(tmp.resolve("b"), SMALL, 1234);
        FileSet c = FileSet.generate(tmp.resolve("c"), SMALL, 1235);
        assertEquals(digest(a), digest(b));
        assertNotEquals(digest(a), digest(c));
    }

    @Test
    void totalBytesMatchTheFilesOnDiskAndFollowTheScale() throws IOException {
        FileSet fs = FileSet.generate(tmp.resolve("s"), SMALL, 1);
        long onDisk = 0;
        for (Manifest.Entry e : fs.manifest().entries()) {
            Path p = FileSet.resolve(fs.root(), e);
            assertEquals(e.bytes(), Files.size(p), e.path());
            onDisk += Files.size(p);
        }
        assertEquals(fs.totalBytes(), onDisk);
        long fullScale = Manifest.plan(Workload.of(12), 1).totalBytes();
        assertEquals(0.02 * fullScale, fs.totalBytes(), 0.01 * fullScale * 0.02);
        assertTrue(Files.isRegularFile(fs.root().resolve("support/dir00002/file15.bin")));
        assertTrue(Files.isRegularFile(fs.root().resolve("support/pages/product/page15.html")));
    }

    @Test
    void contentIsPseudoRandomNotZeros() throws IOException {
        FileSet fs = FileSet.generate(tmp.resolve("r"), SMALL, 5);
        byte[] big = Files.readAllBytes(FileSet.resolve(fs.root(), fs.manifest().download(0, 15)));
        int[] histogram = new int[256];
        for (byte x : big) histogram[x & 0xff]++;
        double expected = big.length / 256.0;
        for (int v = 0; v < 256; v++) assertEquals(expected, histogram[v], expected * 0.2, "byte value " + v);
    }

    @Test
    void regeneratingAnIntactSetRewritesNothingAndOpenReadsItBack() throws IOException {
        Path dir = tmp.resolve("i");
        FileSet.generate(dir, SMALL, 8);
        Path probe = dir.resolve("support/dir00000/file00.bin");
        FileTime old = FileTime.fromMillis(1_000_000);
        Files.setLastModifiedTime(probe, old);
        FileSet.generate(dir, SMALL, 8);
        assertEquals(old, Files.getLastModifiedTime(probe));
        FileSet.generate(dir, SMALL.withScale(0.03), 8);
        assertNotEquals(old, Files.getLastModifiedTime(probe));
        FileSet opened = FileSet.open(dir);
        assertEquals(SMALL.withScale(0.03), opened.manifest().workload());
        assertEquals(8, opened.manifest().seed());
    }

    private static String digest(FileSet fs) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        byte[] buf = new byte[1 << 16];
        for (Manifest.Entry e : fs.manifest().entries()) {
            md.update(e.path().getBytes());
            try (InputStream in = Files.newInputStream(FileSet.resolve(fs.root(), e))) {
                for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
