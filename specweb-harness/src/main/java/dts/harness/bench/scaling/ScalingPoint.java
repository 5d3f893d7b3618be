package dts.harness.bench.scaling;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One node count of the scaling benchmark: new connections per second with one inspector and with
 * every node inspecting, their ratio, and the evidence that the nodes' quota (not the machine) was the
 * limit: the machine's busy share during each measurement and the connection errors seen.
 */
@JsonPropertyOrder({"nodes", "one_inspector_cps", "all_inspect_cps", "ratio", "one_inspector_machine_busy",
        "all_inspect_machine_busy", "one_inspector_errors", "all_inspect_errors"})
public record ScalingPoint(int nodes,
                           @JsonProperty("one_inspector_cps") double oneInspectorCps,
                           @JsonProperty("all_inspect_cps") double allInspectCps,
                           double ratio,
                           @JsonProperty("one_inspector_machine_busy") double oneInspectorMachineBusy,
                           @JsonProperty("all_inspect_machine_busy") double allInspectMachineBusy,
                           @JsonProperty("one_inspector_errors") long oneInspectorErrors,
                           @JsonProperty("all_inspect_errors") long allInspectErrors) {
    static ScalingPoint of(int nodes, Measured one, Measured all) {
        double ratio = one.cps() > 0 ? all.cps() / one.cps() : 0;
        return new ScalingPoint(nodes, round(one.cps()), round(all.cps()), Math.round(ratio * 100) / 100.0,
                round3(one.machineBusy()), round3(all.machineBusy()), one.errors(), all.errors());
    }

    /** One measurement: connections per second, machine busy share (0..1), socket errors + non-2xx. */
    record Measured(double cps, double machineBusy, long errors) {}

    private static double round(double v) { return Math.round(v * 10) / 10.0; }

    private static double round3(double v) { return Math.round(v * 1000) / 1000.0; }
}
