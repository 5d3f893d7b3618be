package dts.splicer.backend;

import org.junit.jupiter.api.Test;

import java.io.FileOutputStream;
import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Kept pipes: an empty one is reused, one that still holds a byte never is (it is closed), a different size is not. */
class LoopScratchTest {
    @Test void onlyEmptyPipesAreKept() throws IOException {
        LoopScratch s = LoopScratch.get();
        assertEquals(s, LoopScratch.get(), "one per thread");
        int before = s.keptPipes();
        LoopScratch.Pipe p = s.takePipe(64 << 10);
        assertTrue(p.capacityBytes() >= 4096);
        s.givePipe(p);
        assertEquals(before + 1, s.keptPipes());
        LoopScratch.Pipe again = s.takePipe(64 << 10);
        assertArrayEquals(p.fds(), again.fds(), "the empty pipe is reused");

        try (FileOutputStream w = new FileOutputStream("/proc/self/fd/" + again.fds()[1])) {
            w.write('x'); // the same pipe, through a second descriptor
        }
        s.givePipe(again);
        assertEquals(before, s.keptPipes(), "a pipe holding a byte is closed, not kept");
        LoopScratch.Pipe fresh = s.takePipe(64 << 10);
        assertNotSame(again, fresh);
        s.givePipe(fresh);
        LoopScratch.Pipe other = s.takePipe(16 << 10);
        assertEquals(16 << 10, other.requestedBytes(), "a kept pipe of another size is not handed out");
        s.close(other);
    }
}
