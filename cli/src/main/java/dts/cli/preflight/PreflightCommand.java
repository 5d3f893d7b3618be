package dts.cli.preflight;

import dts.config.ClusterConfig;
import dts.config.ConfigException;
import dts.config.DtsConfig;
import dts.config.NodeConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code dts preflight}: whether this host has what a node needs, one line per check. */
@Command(name = "preflight", description = {
    "Check this host for what a node needs: root and capabilities, TCP_REPAIR, IP_TRANSPARENT, libnftables,",
    "the kernel's nftables expressions (nft --check: nothing is applied), sysctls, and with a config the VIP",
    "on the service interface, the cluster MAC, the node's own address and free ports.",
    "One line per check, 'ok' or 'MISSING' with what to do; exits 1 when something is missing."})
public final class PreflightCommand implements Callable<Integer> {
    /** Exit status when a check fails. */
    static final int MISSING = 1;

    @Option(names = "--config", paramLabel = "FILE", description = "the cluster's config file, e.g. /etc/dts/dts.yaml (needs --id)")
    Path config;

    @Option(names = "--id", paramLabel = "ID", description = "this node's id in the config")
    String id;

    @Option(names = "--interface", paramLabel = "IF", description = "the service interface (default: the one carrying the VIP)")
    String serviceInterface;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if ((config == null) != (id == null)) throw new IllegalArgumentException("--config and --id go together");
        List<Check> checks = new ArrayList<>(Privileges.checks());
        checks.addAll(Kernel.checks());
        Optional<DtsConfig> cfg = Optional.empty();
        if (config != null) {
            cfg = load(checks);
        }
        ClusterConfig cluster = cfg.map(DtsConfig::cluster).orElse(ClusterConfig.defaults());
        checks.add(NftCheck.check(cluster));
        Sysctls sysctls = Sysctls.host();
        checks.addAll(sysctls.global());
        Optional<String> dev = Optional.ofNullable(serviceInterface);
        if (cfg.isPresent()) {
            NodeConfig self = cfg.get().node(id).orElseThrow();
            Check vip = Network.vip(cluster.vip(), dev);
            checks.add(vip);
            if (dev.isEmpty() && vip.ok()) dev = Network.carrying(cluster.vip()).map(n -> n.getName());
            Check address = Network.nodeAddress(self.address(), dev);
            checks.add(address);
            dev.filter(d -> Network.byName(d).isPresent()).ifPresent(d -> checks.add(Network.mac(d, cluster.mac())));
            checks.add(Ports.check(cluster, self.address(), Network.carrying(self.address()).isPresent()));
        } else if (dev.isPresent()) {
            checks.add(Network.interfaceUp(dev.get()));
        }
        dev.filter(d -> Network.byName(d).isPresent()).ifPresent(d -> checks.addAll(sysctls.serviceInterface(d)));
        PrintWriter out = spec.commandLine().getOut();
        checks.forEach(c -> out.println(c.line()));
        long missing = checks.stream().filter(c -> !c.ok()).count();
        out.println(missing == 0 ? "preflight: this host has what a node needs"
                : "preflight: " + missing + " of " + checks.size() + " checks MISSING");
        out.flush();
        return missing == 0 ? 0 : MISSING;
    }

    /** The config line; the config itself when it is valid and names {@code id}. */
    private Optional<DtsConfig> load(List<Check> checks) {
        try {
            DtsConfig c = DtsConfig.load(config);
            Optional<NodeConfig> self = c.node(id);
            if (self.isEmpty()) {
                checks.add(Check.missing("config", config + ": no node " + id + " (nodes: "
                        + String.join(", ", c.nodes().stream().map(NodeConfig::id).toList()) + ")"));
                return Optional.empty();
            }
            checks.add(Check.ok("config", config + " valid, node " + id + " at " + self.get().address().getHostAddress()));
            return Optional.of(c);
        } catch (ConfigException e) {
            checks.add(Check.missing("config", config + ": " + e.errors().get(0) + " (dts check-config " + config + " lists every problem)"));
            return Optional.empty();
        }
    }
}
