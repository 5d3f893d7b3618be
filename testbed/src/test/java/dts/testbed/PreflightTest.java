package dts.testbed;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The daemon's main class comes from the caller's class path: this module does not depend on the daemon. */
class PreflightTest {
    @Test void theDaemonIsNotOnTheTestbedsOwnClassPath() {
        TestbedException e = assertThrows(TestbedException.class, () -> Preflight.requireOnClassPath(DaemonCommand.DEFAULT_MAIN_CLASS));
        assertTrue(e.getMessage().contains("dts-node"), e.getMessage());
    }

    @Test void aStandInOnTheClassPathPasses() {
        assertDoesNotThrow(() -> Preflight.requireOnClassPath(FakeNodeMain.class.getName()));
    }
}
