package dts.harness.result;

/** One point of the page latency CDF: a fraction of pages finished within {@code ms}. */
public record CdfPoint(double ms, double fraction) {}
