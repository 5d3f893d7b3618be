package dts.testbed;

import java.nio.file.Path;

/**
 * One node of a running testbed: its id, namespace, internal address (reachable from the root
 * namespace), the daemon's pid (-1 when daemons were not started), the backend web server's pid
 * (-1 for the embedded backend) and the daemon's log file.
 */
public record NodeHandle(String id, String namespace, String internalAddress, long pid, long backendPid, Path log) {
    /** The admin endpoint, e.g. {@code http://198.18.1.1:7071/status}. */
    public String statusUrl() { return "http://" + internalAddress + ":" + TestbedNames.ADMIN_PORT + "/status"; }
}
