package dts.node.cluster;

import dts.config.ClusterKey;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A member in a child JVM, killed (SIGKILL) or frozen (SIGSTOP), leaves the others' view in time;
 * a frozen one comes back after SIGCONT (MERGE3). Limits: 1 s and 3 s, asserted with CI slack.
 */
class FailureDetectionTest {
    private static final ClusterKey KEY = ClusterKey.generate();

    @Test
    void aKilledMemberLeavesTheViewWithinASecond() throws Exception {
        withJoinedChild((ms, child) -> {
            long t0 = System.nanoTime();
            child.destroyForcibly();
            Group.await("killed child left", 10_000, () -> MembershipTest.agreed(ms, 2));
            long millis = (System.nanoTime() - t0) / 1_000_000;
            System.out.println("SIGKILL: left the view after " + millis + " ms");
            assertTrue(millis <= 1_500, "killed member left after " + millis + " ms (expected: <= 1000, 1500 with slack)");
        });
    }

    @Test
    void aFrozenMemberLeavesWithinThreeSecondsAndComesBack() throws Exception {
        withJoinedChild((ms, child) -> {
            long t0 = System.nanoTime();
            signal("STOP", child);
            Group.await("frozen child left", 10_000, () -> MembershipTest.agreed(ms, 2));
            long millis = (System.nanoTime() - t0) / 1_000_000;
            System.out.println("SIGSTOP: left the view after " + millis + " ms");
            assertTrue(millis <= 4_000, "frozen member left after " + millis + " ms (expected: <= 3000, 4000 with slack)");
            signal("CONT", child);
            long back = Group.await("thawed child back", 30_000, () -> MembershipTest.agreed(ms, 3));
            System.out.println("SIGCONT: back in the view after " + back + " ms");
        });
    }

    /** What a test does to the child once n1, n2 (in this JVM) and the child agree on one view of three. */
    private interface ChildDrill {
        void run(List<Membership> inProcess, Process child) throws Exception;
    }

    /** Starts n1 and n2 here and the child in its own JVM, waits for one view of three, runs {@code drill}; kills the child after. */
    private static void withJoinedChild(ChildDrill drill) throws Exception {
        try (Group g = new Group("n1", "n2", "child")) {
            List<Membership> ms = List.of(g.start("n1", KEY), g.start("n2", KEY));
            Process child = startChild(g);
            try {
                Group.await("child joined", 20_000, () -> MembershipTest.agreed(ms, 3));
                drill.run(ms, child);
            } finally {
                child.destroyForcibly().waitFor();
            }
        }
    }

    private static Process startChild(Group g) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
                "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                MemberMain.class.getName(), "child", KEY.hex()));
        g.endpoints.forEach((id, a) -> cmd.add(id + "=" + a.getPort()));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static void signal(String sig, Process p) throws Exception {
        int rc = new ProcessBuilder("kill", "-" + sig, Long.toString(p.pid())).inheritIO().start().waitFor();
        assertTrue(rc == 0, "kill -" + sig + " " + p.pid() + ": exit " + rc);
    }
}
