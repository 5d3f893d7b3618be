package dts.splicer.nft;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads the table {@code inet dts} of a test namespace through {@code nft -j}. */
final class NftListing {
    private final List<Map<String, Object>> items;

    private NftListing(List<Map<String, Object>> items) { this.items = items; }

    static NftListing table(String ns) { return new NftListing(TestNs.nftJson(ns, "list", "table", "inet", "dts")); }

    static boolean tableExists(String ns) {
        return TestNs.nftJson(ns, "list", "tables").stream()
                .map(m -> m.get("table")).filter(Map.class::isInstance).map(Map.class::cast)
                .anyMatch(t -> "dts".equals(t.get("name")) && "inet".equals(t.get("family")));
    }

    /** The set named {@code name}: its JSON object. */
    @SuppressWarnings("unchecked")
    Map<String, Object> set(String name) {
        return items.stream().map(m -> m.get("set")).filter(Map.class::isInstance).map(m -> (Map<String, Object>) m)
                .filter(s -> name.equals(s.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("set " + name + " not listed"));
    }

    /** Elements of set {@code name} (JSON values; empty when the set is empty). */
    @SuppressWarnings("unchecked")
    List<Object> elements(String name) {
        return Optional.ofNullable((List<Object>) set(name).get("elem")).orElse(List.of());
    }

    /** The rules of {@code chain} in order, each as its "expr" list rendered with toString(). */
    @SuppressWarnings("unchecked")
    List<String> rules(String chain) {
        return items.stream().map(m -> m.get("rule")).filter(Map.class::isInstance).map(m -> (Map<String, Object>) m)
                .filter(r -> chain.equals(r.get("chain"))).map(r -> String.valueOf(r.get("expr"))).toList();
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> chain(String name) {
        return items.stream().map(m -> m.get("chain")).filter(Map.class::isInstance).map(m -> (Map<String, Object>) m)
                .filter(c -> name.equals(c.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("chain " + name + " not listed"));
    }
}
