package dts.testbed;

import java.util.List;

/** What exists on the host, as seen by ip(8), for assertions. */
final class TestbedState {
    private TestbedState() {}

    static List<String> namespaces() { return HubNetwork.existingNamespaces(); }

    static List<String> links() { return HubNetwork.existingLinks(); }

    static String inNs(String ns, String... cmd) { return Shell.inNs(ns, cmd); }

    static String root(String... cmd) { return Shell.run(cmd); }
}
