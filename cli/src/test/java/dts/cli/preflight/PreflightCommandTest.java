package dts.cli.preflight;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** dts preflight names the check that failed and what to do, one line per check, and exits non-zero. */
class PreflightCommandTest {
    @TempDir
    Path tmp;

    @Test void vipNotOnTheInterfaceIsOneMissingLineWithTheFix() throws Exception {
        Path config = Files.writeString(tmp.resolve("dts.yaml"), """
                cluster: { vip: 203.0.113.77, port: 80 }
                nodes: [ { id: node1, address: 198.51.100.11 } ]
                """);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new PreflightCommand());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute("--config", config.toString(), "--id", "node1", "--interface", "lo");

        assertEquals(PreflightCommand.MISSING, exit, out.toString());
        List<String> lines = out.toString().lines().toList();
        assertTrue(lines.contains("MISSING vip: 203.0.113.77 not on interface lo (add it: ip addr add 203.0.113.77/PREFIX dev lo)"),
                out.toString());
        assertTrue(lines.contains("ok      config: " + config + " valid, node node1 at 198.51.100.11"), out.toString());
        for (String l : lines.subList(0, lines.size() - 1)) {
            assertTrue(l.matches("(ok     |MISSING) [a-z][^:]*: .+"), "one check per line: " + l);
        }
        assertTrue(lines.getLast().matches("preflight: \\d+ of \\d+ checks MISSING"), lines.getLast());
        assertEquals("", err.toString());
        assertFalse(out.toString().contains("\tat "), "no stack trace");
    }

    @Test void privilegesNameWhatIsLacking() {
        assertTrue(Privileges.root(0).ok());
        assertEquals("MISSING root: effective uid 1000: the node runs as root (sudo dts …; the dts-node@ unit runs as root)",
                Privileges.root(1000).line());
        assertTrue(Privileges.capabilities(0x3000).ok());
        Check none = Privileges.capabilities(0x1000);
        assertFalse(none.ok());
        assertTrue(none.detail().startsWith("CAP_NET_RAW not effective (CapEff 1000)"), none.detail());
    }

    @Test void serviceInterfaceSysctlsTakeTheLargerOfAllAndTheInterface() {
        Map<String, String> values = Map.of(
                "net.ipv4.conf.all.arp_ignore", "0", "net.ipv4.conf.eth1/100.arp_ignore", "8",
                "net.ipv4.conf.all.arp_announce", "0", "net.ipv4.conf.eth1/100.arp_announce", "0",
                "net.ipv4.conf.all.rp_filter", "1", "net.ipv4.conf.eth1/100.rp_filter", "0",
                "net.ipv6.conf.eth1/100.disable_ipv6", "1");
        List<Check> checks = new Sysctls(k -> Optional.ofNullable(values.get(k))).serviceInterface("eth1.100");
        assertEquals(List.of(true, false, false, true), checks.stream().map(Check::ok).toList());
        assertEquals("MISSING sysctl net.ipv4.conf.eth1/100.arp_announce: 0 may ask ARP on eth1.100 with the node's own address"
                + " as source (sysctl -w net.ipv4.conf.eth1/100.arp_announce=2)", checks.get(1).line());
        assertTrue(checks.get(2).detail().endsWith("(sysctl -w net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.eth1/100.rp_filter=0)"),
                checks.get(2).detail());
    }

    @Test void nftRefusalNamesTheRuleAndTheModule() {
        String out = """
                /dev/stdin:14:5-62: Error: Could not process rule: No such file or directory
                    meta mark set jhash ip saddr . tcp sport mod 4096 seed 0x5eed
                    ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
                """;
        assertEquals("the kernel refuses the node's table: Could not process rule: No such file or directory in"
                + " 'meta mark set jhash ip saddr . tcp sport mod 4096 seed 0x5eed'"
                + " (load nft_hash: modprobe nft_hash; kernel option CONFIG_NFT_HASH)", NftCheck.refusal(out));
    }
}
