package dts.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code ./dts status [--json]}: per-node counters from every node's admin endpoint. */
@Command(name = "status", description = "Per-node counters of the running cluster.")
final class StatusCommand implements Callable<Integer> {
    @Option(names = "--json", description = "print {\"nodes\":[...]} JSON")
    boolean json;

    @Mixin
    ClusterOptions cluster;

    @Override
    @SuppressWarnings("unchecked")
    public Integer call() {
        Map<String, Object> status = cluster.admin().status();
        System.out.print(json ? AdminClient.toJson(status) + "\n" : StatusTable.render(status));
        boolean allAnswered = ((List<Map<String, Object>>) status.get("nodes")).stream().noneMatch(n -> n.containsKey("error"));
        return allAnswered ? 0 : 1;
    }
}
