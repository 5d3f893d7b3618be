package dts.testbed;

import java.util.List;

/**
 * Rewrites the command of a process the testbed starts for a node (its daemon, its nginx) or for the
 * front proxy, e.g. so that it joins that node's cgroups before it execs. It gets the whole command,
 * {@code nsenter --net=/run/netns/NS -- …} included, and runs in the host's namespaces.
 */
@FunctionalInterface
public interface ProcessWrapper {
    ProcessWrapper NONE = (owner, command) -> command;

    /** @param owner a node id ({@code node1}) or {@link TestbedNames#FRONT_ID} */
    List<String> wrap(String owner, List<String> command);
}
