package dts.harness.workload;

import dts.harness.HarnessException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class WorkloadTest {
    @Test
    void defaultsArePublished() {
        Workload w = Workload.of(1000);
        assertEquals(250, w.directories());
        assertEquals(1.0, w.scale());
        assertEquals(5000.0, w.thinkTimeMeanMillis());
        assertEquals(75000.0, w.thinkTimeMaxMillis());
        assertEquals(1, Workload.of(1).directories());
        assertEquals(13, Workload.of(50).directories());
    }

    @Test
    void scaleShrinksSizesWithAFloor() {
        Workload w = Workload.of(8).withScale(0.01);
        assertEquals(1024, w.scaledBytes(102_400));
        assertEquals(Workload.MIN_FILE_BYTES, w.scaledBytes(100));
        assertEquals(50.0, w.thinkTimeMeanMillis(), 1e-9);
    }

    @Test
    void validationMessagesNameTheField() {
        assertEquals("sessions: 0 (expected: >= 1)", assertThrows(HarnessException.class, () -> Workload.of(0)).getMessage());
        assertEquals("scale: 1.5 (expected: > 0.0 and <= 1.0)",
                assertThrows(HarnessException.class, () -> Workload.of(4).withScale(1.5)).getMessage());
        assertEquals("directories: 0 (expected: >= 1)",
                assertThrows(HarnessException.class, () -> Workload.of(4).withDirectories(0)).getMessage());
    }
}
