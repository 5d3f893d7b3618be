package dts.harness.result;

/** Page response-time percentiles in milliseconds (JSON {@code "latency_ms"}). */
public record LatencyMs(double p50, double p99, double p999, double max) {}
