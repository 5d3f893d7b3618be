package dts.cli.preflight;

import dts.config.ClusterConfig;
import dts.splicer.nft.FlowTable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Whether the kernel accepts the node's own nftables table ({@code socket}, {@code jhash}, sets with
 * timeouts), by {@code nft --check}: the kernel parses every rule of the transaction, then aborts it,
 * so the host's ruleset is never touched.
 */
final class NftCheck {
    private static final long TIMEOUT_SECONDS = 10;

    private NftCheck() {}

    static Check check(ClusterConfig c) {
        Path nft = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"), new String[] {"/usr/sbin", "/sbin"})
                .flatMap(Stream::of).filter(d -> !d.isEmpty()).map(d -> Path.of(d, "nft")).filter(Files::isExecutable)
                .findFirst().orElse(null);
        if (nft == null) return Check.missing("nftables", "nft not found (install Debian package nftables)");
        String script = FlowTable.installScript(new FlowTable.Spec(c.vip().getHostAddress(), c.port(), c.buckets(),
                c.hashSeed(), (int) c.flowTimeoutSeconds()));
        try {
            Process p = new ProcessBuilder(nft.toString(), "--check", "-f", "-").redirectErrorStream(true).start();
            try (var in = p.getOutputStream()) {
                in.write(script.getBytes(StandardCharsets.UTF_8));
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Check.missing("nftables", "nft --check did not answer within " + TIMEOUT_SECONDS + " s");
            }
            if (p.exitValue() == 0) {
                return Check.ok("nftables", "the kernel accepts the node's table: socket, jhash, timeout sets (nft --check, nothing applied)");
            }
            return Check.missing("nftables", refusal(out));
        } catch (IOException e) {
            return Check.missing("nftables", "cannot run " + nft + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Check.missing("nftables", "interrupted");
        }
    }

    /** nft's error ({@code /dev/stdin:L:C: Error: …}, then the rule) as one line with what to do. */
    static String refusal(String nftOutput) {
        List<String> lines = nftOutput.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        int at = 0;
        while (at < lines.size() && !lines.get(at).contains("Error:")) at++;
        if (at == lines.size()) return "nft --check failed: " + String.join(" ", lines);
        String error = lines.get(at).substring(lines.get(at).indexOf("Error:") + "Error:".length()).strip();
        String rule = at + 1 < lines.size() && !lines.get(at + 1).startsWith("^") ? lines.get(at + 1) : "";
        return "the kernel refuses the node's table: " + error + (rule.isEmpty() ? "" : " in '" + rule + "'") + " (" + hint(error, rule) + ")";
    }

    private static String hint(String error, String rule) {
        if (error.contains("Operation not permitted")) return "run as root";
        if (rule.contains("socket")) return "load nft_socket: modprobe nft_socket; kernel option CONFIG_NFT_SOCKET";
        if (rule.contains("jhash")) return "load nft_hash: modprobe nft_hash; kernel option CONFIG_NFT_HASH";
        if (rule.contains("set ") || rule.contains("update")) return "kernel option CONFIG_NF_TABLES_SET";
        return "load nf_tables: modprobe nf_tables";
    }
}
