package dts.harness.resources;

import dts.harness.HarnessException;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;

/** rmdir for cgroups: EBUSY while exiting tasks are reaped, so retry for up to ~2 s. */
final class Rmdir {
    private static final int ATTEMPTS = 100;

    private Rmdir() {}

    static void withRetry(Path dir) {
        IOException last = null;
        for (int i = 0; i < ATTEMPTS; i++) {
            try {
                Files.deleteIfExists(dir);
                return;
            } catch (IOException e) {
                last = e;
                sleep();
            }
        }
        String tasks = Files.exists(dir.resolve("cgroup.procs")) ? CgroupFiles.read(dir.resolve("cgroup.procs")).trim().replace('\n', ' ') : "?";
        throw new HarnessException("remove cgroup " + dir + ": " + last.getMessage() + " (processes still in it: " + tasks + ")", last);
    }

    /** Removes a parent such as …/dts once no node is left in it; leaves it when others still are. */
    static void ifEmpty(Path dir) {
        try {
            Files.deleteIfExists(dir);
        } catch (DirectoryNotEmptyException e) {
            // another node's cgroup is still there
        } catch (IOException e) {
            // EBUSY for a parent with live children in another hierarchy view: leave it
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HarnessException("interrupted while removing a cgroup");
        }
    }
}
