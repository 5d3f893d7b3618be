package dts.splicer.nft;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Throwaway network namespaces and command helpers for the nft tests (needs root, ip, nft). */
final class TestNs {
    private TestNs() {}

    /** Deletes {@code name} if it exists, then creates it with loopback up. */
    static void recreate(String name) {
        delete(name);
        sh("ip", "netns", "add", name);
        sh("ip", "-n", name, "link", "set", "lo", "up");
    }

    static void delete(String name) {
        if (exists(name)) sh("ip", "netns", "delete", name);
    }

    static boolean exists(String name) {
        return Arrays.stream(sh("ip", "netns", "list").split("\n")).anyMatch(l -> l.split(" ")[0].equals(name));
    }

    /** Runs a command in namespace {@code ns}; returns stdout; fails with stderr on a non-zero exit. */
    static String inNs(String ns, String... cmd) {
        List<String> c = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        c.addAll(List.of(cmd));
        return sh(c.toArray(String[]::new));
    }

    /** {@code nft -j ARGS} in {@code ns}, parsed: the list under "nftables". */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> nftJson(String ns, String... args) {
        List<String> c = new ArrayList<>(List.of("nft", "-j"));
        c.addAll(List.of(args));
        Map<String, Object> root = (Map<String, Object>) MiniJson.parse(inNs(ns, c.toArray(String[]::new)));
        return (List<Map<String, Object>>) root.get("nftables");
    }

    static String sh(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) throw new IllegalStateException("timeout: " + String.join(" ", cmd));
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + ": exit " + p.exitValue() + ": " + err.strip());
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(cmd[0] + " not runnable (is it installed?): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
