package dts.node.admin;

/** Reads sample values out of a Prometheus text exposition (tests). */
final class Exposition {
    private Exposition() {}

    /** The value of the sample line {@code name{labels}} exactly as exposed, or NaN when absent. */
    static double sample(String exposition, String nameAndLabels) {
        for (String line : exposition.split("\n")) {
            if (line.startsWith(nameAndLabels + " ")) return Double.parseDouble(line.substring(nameAndLabels.length() + 1).trim());
        }
        return Double.NaN;
    }
}
