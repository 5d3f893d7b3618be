package dts.node.testbed;

import java.util.List;

/**
 * Rewrites the command of a process the testbed starts for a node (its daemon, its nginx) or for the
 * front proxy, e.g. so that it joins that node's cgroups before it execs. The result runs inside the
 * node's namespace ({@code ip netns exec NS} is put in front of it).
 */
@FunctionalInterface
public interface ProcessWrapper {
    ProcessWrapper NONE = (owner, command) -> command;

    /** @param owner a node id ({@code node1}) or {@link TestbedNames#FRONT_ID} */
    List<String> wrap(String owner, List<String> command);
}
